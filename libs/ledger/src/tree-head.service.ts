import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { treeHeadMessage } from './canonical';
import { LedgerTreeHeadEntity } from './ledger.entities';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerSigningKey } from './signing-key';

export interface TreeHead {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
}

export function toTreeHead(row: LedgerTreeHeadEntity): TreeHead {
  return {
    treeSize: Number(row.treeSize),
    rootHash: row.rootHash,
    timestamp: row.signedAt.toISOString(),
    signature: row.signature,
  };
}

/** Signed tree heads (STH): the root of the ledger at a size, signed with the ledger key. */
@Injectable()
export class TreeHeadService {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly proofs: LedgerProofService,
    private readonly transactions: Transactions,
    @Inject(LedgerSigningKey) private readonly key: LedgerSigningKey,
  ) {}

  get publicKeyPem(): string {
    return this.key.publicKeyPem;
  }

  /** Signs the ledger as committed now, unless the latest head already covers it. Idempotent. */
  async signLatest(): Promise<TreeHead> {
    return this.transactions.run(async (tx) => {
      const size = await this.repo.size(tx);
      const latest = await this.repo.latestHead(tx);
      if (latest && Number(latest.treeSize) === size) return toTreeHead(latest);
      return this.signHead(tx, size, await this.proofs.root(size, tx));
    });
  }

  /** Signs and stores the head of the tree at `treeSize`, inside the caller's transaction. */
  async signHead(tx: EntityManager, treeSize: number, rootHash: string): Promise<TreeHead> {
    const signedAt = new Date();
    const timestamp = signedAt.toISOString();
    const signature = this.key.sign(treeHeadMessage({ rootHash, timestamp, treeSize }));
    const head = Object.assign(new LedgerTreeHeadEntity(), {
      treeSize: String(treeSize),
      rootHash,
      signedAt,
      signature,
    });
    await this.repo.insertHead(tx, head);
    return toTreeHead((await this.repo.latestHead(tx)) ?? head);
  }

  /** The latest signed head; the first one is signed on demand. */
  async latest(): Promise<TreeHead> {
    const head = await this.repo.latestHead();
    return head ? toTreeHead(head) : this.signLatest();
  }

  async history(before: number | undefined, limit: number): Promise<TreeHead[]> {
    return (await this.repo.heads(before, limit)).map(toTreeHead);
  }
}
