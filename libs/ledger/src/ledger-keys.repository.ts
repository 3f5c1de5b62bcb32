import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface LedgerKeyRow {
  keyId: string;
  publicKey: string;
  addedAt: Date;
  retiredAt: Date | null;
  retiredReason: string | null;
  /** The smallest and largest tree size it signed a head of; null before its first head. */
  firstTreeSize: number | null;
  lastTreeSize: number | null;
}

export interface UnnamedHead {
  treeSize: number;
  rootHash: string;
  signedAt: Date;
  signature: string;
}

interface KeyRecord {
  key_id: string;
  public_key: string;
  added_at: Date;
  retired_at: Date | null;
  retired_reason: string | null;
  first_tree_size?: string | null;
  last_tree_size?: string | null;
}

const toRow = (r: KeyRecord): LedgerKeyRow => ({
  keyId: r.key_id,
  publicKey: r.public_key,
  addedAt: new Date(r.added_at),
  retiredAt: r.retired_at ? new Date(r.retired_at) : null,
  retiredReason: r.retired_reason,
  firstTreeSize: r.first_tree_size == null ? null : Number(r.first_tree_size),
  lastTreeSize: r.last_tree_size == null ? null : Number(r.last_tree_size),
});

/** The SQL of the ledger's signing keys and of naming the key of each tree head. */
@Injectable()
export class LedgerKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a key (once: its id is the hash of its public key) and answers it as stored. */
  async register(keyId: string, publicKeyPem: string, manager: EntityManager = this.dataSource.manager) {
    await manager.query('INSERT INTO ledger_key (key_id, public_key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [
      keyId,
      publicKeyPem,
    ]);
    return (await this.find(keyId, manager))!;
  }

  async find(keyId: string, manager: EntityManager = this.dataSource.manager): Promise<LedgerKeyRow | null> {
    const rows: KeyRecord[] = await manager.query(
      'SELECT key_id, public_key, added_at, retired_at, retired_reason FROM ledger_key WHERE key_id = $1',
      [keyId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Every key, oldest first, with the tree sizes it signed (two index probes per key). */
  async list(manager: EntityManager = this.dataSource.manager): Promise<LedgerKeyRow[]> {
    const rows: KeyRecord[] = await manager.query(
      `SELECT k.key_id, k.public_key, k.added_at, k.retired_at, k.retired_reason,
              (SELECT min(h.tree_size) FROM ledger_tree_head h WHERE h.key_id = k.key_id) AS first_tree_size,
              (SELECT max(h.tree_size) FROM ledger_tree_head h WHERE h.key_id = k.key_id) AS last_tree_size
         FROM ledger_key k ORDER BY k.added_at, k.key_id`,
    );
    return rows.map(toRow);
  }

  /** Whether some head still has no key named (only those signed before heads named theirs). */
  async anyUnnamedHead(manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM ledger_tree_head WHERE key_id IS NULL LIMIT 1');
    return rows.length > 0;
  }

  /** Heads with no key named, smallest first, above `after`. */
  async unnamedHeads(after: number, limit: number, manager: EntityManager = this.dataSource.manager) {
    const rows: { tree_size: string; root_hash: string; signed_at: Date; signature: string }[] = await manager.query(
      `SELECT tree_size, root_hash, signed_at, signature FROM ledger_tree_head
        WHERE key_id IS NULL AND tree_size > $1 ORDER BY tree_size LIMIT $2`,
      [after, limit],
    );
    return rows.map((r): UnnamedHead => ({
      treeSize: Number(r.tree_size),
      rootHash: r.root_hash,
      signedAt: new Date(r.signed_at),
      signature: r.signature,
    }));
  }

  /** Names the key of heads that had none (the guard lets exactly this change through). */
  async nameHeads(keyId: string, treeSizes: number[], manager: EntityManager = this.dataSource.manager) {
    if (treeSizes.length === 0) return;
    await manager.query(
      'UPDATE ledger_tree_head SET key_id = $1 WHERE key_id IS NULL AND tree_size = ANY($2::bigint[])',
      [keyId, treeSizes],
    );
  }

  /** Retires a key for good; false when it is unknown or already retired. */
  async retire(keyId: string, reason: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH retired AS (UPDATE ledger_key SET retired_at = now(), retired_reason = $2
                         WHERE key_id = $1 AND retired_at IS NULL RETURNING key_id)
       SELECT key_id FROM retired`,
      [keyId, reason],
    );
    return rows.length > 0;
  }
}
