import { Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER, RootLogger, Transactions } from '@shanchou/core';
import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { treeHeadMessage } from './canonical';
import { ledgerKeyId } from './key-id';
import { LedgerKeyRow, LedgerKeysRepository, UnnamedHead } from './ledger-keys.repository';
import { LedgerSigningKey } from './signing-key';

/** The process cannot sign or serve the ledger as its keys stand; the message says what to do. */
export class LedgerKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerKeyError';
  }
}

const NAMING_BATCH = 1000;

/**
 * The ledger's signing keys (issue 16 item 5). This process's key is registered before it signs
 * (its public half kept for good in `ledger_key`); each head names the key that signed it, so after
 * a rotation every earlier head still verifies with the key it names. Heads signed before heads
 * named their key get the known key their signature verifies with, or the process refuses to start.
 */
@Injectable()
export class LedgerKeys {
  private registered = false;
  private readying: Promise<void> | null = null;

  constructor(
    private readonly repo: LedgerKeysRepository,
    private readonly transactions: Transactions,
    @Inject(LedgerSigningKey) private readonly key: LedgerSigningKey,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  get current(): { keyId: string; publicKeyPem: string } {
    return { keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  /**
   * At boot (api, worker): registers this key, refuses a retired one, names the key of every head
   * that has none. Throws LedgerKeyError when the process must not start. Once per process.
   */
  ready(): Promise<void> {
    this.readying ??= this.prepare().catch((err: unknown) => {
      this.readying = null;
      throw err;
    });
    return this.readying;
  }

  /** Before a head is signed in `tx`: the key's row exists (heads refer to it). */
  async registerIn(tx: EntityManager): Promise<void> {
    if (this.registered) return;
    const row = await this.repo.register(this.key.keyId, this.key.publicKeyPem, tx);
    if (row.retiredAt) throw retiredError(row);
    Transactions.afterCommit(tx, () => (this.registered = true));
  }

  /** Every key with the tree sizes it signed, oldest first. */
  async list(): Promise<LedgerKeyRow[]> {
    if (await this.repo.anyUnnamedHead()) await this.nameUnnamedHeads();
    return this.repo.list();
  }

  retire(keyId: string, reason: string): Promise<boolean> {
    return this.repo.retire(keyId, reason);
  }

  /** Registers a public key (SPKI PEM) without its private half: one that signed heads not yet named. */
  async importPublicKey(publicKeyPem: string): Promise<LedgerKeyRow> {
    const key = createPublicKey(publicKeyPem);
    if (key.asymmetricKeyType !== 'ed25519') throw new LedgerKeyError('账本签名公钥必须是 Ed25519 公钥（SPKI PEM）');
    const pem = key.export({ type: 'spki', format: 'pem' }).toString();
    return this.repo.register(ledgerKeyId(key), pem);
  }

  /**
   * Names the key of each head that has none: the known key (this one first, then every other in
   * `ledger_key`) its signature verifies with. A head no known key verifies is refused, loudly.
   */
  async nameUnnamedHeads(): Promise<number> {
    const known = (await this.repo.list()).map((k) => ({ keyId: k.keyId, key: createPublicKey(k.publicKey) }));
    known.sort((a, b) => Number(b.keyId === this.key.keyId) - Number(a.keyId === this.key.keyId));
    let named = 0;
    let after = -1;
    for (;;) {
      const heads = await this.repo.unnamedHeads(after, NAMING_BATCH);
      if (heads.length === 0) break;
      const byKey = new Map<string, number[]>();
      for (const head of heads) {
        const signer = known.find((k) => signedBy(head, k.key));
        if (!signer) throw unverifiableHeadError(head, this.key.keyId);
        byKey.set(signer.keyId, [...(byKey.get(signer.keyId) ?? []), head.treeSize]);
      }
      await this.transactions.run(async (tx) => {
        for (const [keyId, sizes] of byKey) await this.repo.nameHeads(keyId, sizes, tx);
      });
      named += heads.length;
      after = heads[heads.length - 1].treeSize;
    }
    if (named > 0) this.log.info({ heads: named }, 'named the signing key of tree heads signed before heads named it');
    return named;
  }

  private async prepare(): Promise<void> {
    const row = await this.repo.register(this.key.keyId, this.key.publicKeyPem);
    if (row.retiredAt) throw retiredError(row);
    this.registered = true;
    await this.nameUnnamedHeads();
    this.log.info({ keyId: this.key.keyId }, 'ledger tree heads are signed with this key');
  }
}

function signedBy(head: UnnamedHead, key: KeyObject): boolean {
  const text = treeHeadMessage({
    rootHash: head.rootHash,
    timestamp: head.signedAt.toISOString(),
    treeSize: head.treeSize,
  });
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

function retiredError(row: LedgerKeyRow): LedgerKeyError {
  return new LedgerKeyError(
    `账本签名密钥 ${row.keyId} 已于 ${row.retiredAt!.toISOString()} 停用（${row.retiredReason}），不能再签署树头：` +
      '请用 `npm run ledger:key -- new <文件>` 生成新密钥，把 LEDGER_SIGNING_KEY_PATH 指向它后重新启动。',
  );
}

function unverifiableHeadError(head: UnnamedHead, currentKeyId: string): LedgerKeyError {
  return new LedgerKeyError(
    `第 ${head.treeSize} 版账本树头的签名不能用当前签名密钥 ${currentKeyId} 或任何已登记的公钥验证：` +
      '它是用更换前的密钥签署的，而那把密钥的公钥没有登记。请先用原来的密钥（LEDGER_SIGNING_KEY_PATH）启动一次，' +
      '或用 `npm run ledger:key -- import <公钥文件>` 登记原来的公钥（SPKI PEM，即当时 ledgerPublicKey 公布的公钥），再启动。',
  );
}
