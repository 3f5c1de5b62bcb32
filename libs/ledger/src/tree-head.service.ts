import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { treeHeadMessage } from './canonical';
import { LedgerTreeHeadEntity } from './ledger.entities';
import { LedgerKeys } from './ledger-keys.service';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerSigningKey } from './signing-key';

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  /** The ledger key that signed it (LedgerKeys). */
  keyId: string;
}

/** A stored head as published; its key must be named (TreeHeadService names it first). */
export function toTreeHead(row: LedgerTreeHeadEntity): TreeHead {
  if (row.keyId === null) throw new Error(`the tree head of size ${row.treeSize} names no key`);
  return {
    treeSize: Number(row.treeSize),
    rootHash: row.rootHash,
    timestamp: row.signedAt.toISOString(),
    signature: row.signature,
    keyId: row.keyId,
  };
}

/** Signed tree heads (STH): the root of the ledger at a size, signed with the ledger key. */
@Injectable()
export class TreeHeadService {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly proofs: LedgerProofService,
    private readonly transactions: Transactions,
    private readonly keys: LedgerKeys,
    @Inject(LedgerSigningKey) private readonly key: LedgerSigningKey,
  ) {}

  /** The key this process signs with, SPKI PEM (`ledgerPublicKey`). */
  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  /** Signs the ledger as committed now, unless the latest head already covers it. Idempotent. */
  async signLatest(): Promise<TreeHead> {
    const signed = await this.transactions.run(async (tx) => {
      const size = await this.repo.size(tx);
      const latest = await this.repo.latestHead(tx);
      if (latest && Number(latest.treeSize) === size) return null;
      return this.signHead(tx, size, await this.proofs.root(size, tx));
    });
    return signed ?? this.latest();
  }

  /** Signs and stores the head of the tree at `treeSize`, inside the caller's transaction. */
  async signHead(tx: EntityManager, treeSize: number, rootHash: string): Promise<TreeHead> {
    await this.keys.registerIn(tx);
    const signedAt = new Date();
    const timestamp = signedAt.toISOString();
    const signature = this.key.sign(treeHeadMessage({ rootHash, timestamp, treeSize }));
    const head = Object.assign(new LedgerTreeHeadEntity(), {
      treeSize: String(treeSize),
      rootHash,
      signedAt,
      signature,
      keyId: this.key.keyId,
    });
    // Another process may have signed this size first (with its own key): theirs is the head.
    await this.repo.insertHead(tx, head);
    return toTreeHead((await this.repo.latestHead(tx)) ?? head);
  }

  /** The latest signed head; the first one is signed on demand. */
  async latest(): Promise<TreeHead> {
    const [head] = await this.named(async () => {
      const row = await this.repo.latestHead();
      return row ? [row] : [];
    });
    return head ? toTreeHead(head) : this.signLatest();
  }

  async history(before: number | undefined, limit: number): Promise<TreeHead[]> {
    return (await this.named(() => this.repo.heads(before, limit))).map(toTreeHead);
  }

  /** Heads as read, after naming the key of any that had none (signed before heads named their key). */
  private async named(read: () => Promise<LedgerTreeHeadEntity[]>): Promise<LedgerTreeHeadEntity[]> {
    const rows = await read();
    if (rows.every((r) => r.keyId !== null)) return rows;
    await this.keys.nameUnnamedHeads();
    return read();
  }
}
