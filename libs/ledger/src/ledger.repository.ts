import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerKind } from './ledger-kind';
import { LedgerEntryEntity, LedgerTreeHeadEntity } from './ledger.entities';
import { LedgerPendingEntity } from './ledger-pending.entity';
import { NodeKey, nodeId } from './merkle/rfc6962';

export interface KindTotal {
  kind: LedgerKind;
  amountFen: number;
  quantity: number;
  entries: number;
}

/** The ledger's SQL. Appends queue without a shared lock; debits lock their campaign; reads never lock. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues an entry in the movement's transaction: no lock on anything shared. */
  async queue(tx: EntityManager, entry: Omit<LedgerPendingEntity, 'id'>): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO ledger_pending (kind, amount_fen, quantity, campaign_id, donor, memo, occurred_at, owner, owner_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        entry.kind,
        entry.amountFen,
        entry.quantity,
        entry.campaignId,
        entry.donor,
        entry.memo,
        entry.occurredAt,
        entry.owner,
        entry.ownerId,
      ],
    );
    return String(rows[0].id);
  }

  /**
   * Locks one campaign's debit row until the transaction ends (creating it the first time), so
   * two payments out of the same campaign are judged one after the other; others go on.
   */
  async lockForDebit(tx: EntityManager, campaignId: string): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_debit_lock (campaign_id) VALUES ($1)
       ON CONFLICT (campaign_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id`,
      [campaignId],
    );
  }

  async size(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { size: string }[] = await manager.query('SELECT size FROM ledger_state WHERE id = 1');
    return Number(rows[0].size);
  }

  /**
   * A campaign's balance: integrated entries and queued ones, in one statement (one snapshot), so
   * an entry the sequencer moves meanwhile is counted once, never twice or not at all.
   */
  async balance(tx: EntityManager, campaignId: string): Promise<number> {
    const rows: { total: string | null }[] = await tx.query(
      `SELECT (SELECT coalesce(sum(amount_fen), 0) FROM ledger_entry WHERE campaign_id = $1)
            + (SELECT coalesce(sum(amount_fen), 0) FROM ledger_pending WHERE campaign_id = $1) AS total`,
      [campaignId],
    );
    return Number(rows[0].total ?? 0);
  }

  /** The seqs of queued entries already integrated, by their queue id. */
  async seqsOf(pendingIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, number>> {
    if (pendingIds.length === 0) return new Map();
    const rows: { pending_id: string; seq: string }[] = await manager.query(
      'SELECT pending_id, seq FROM ledger_entry WHERE pending_id = ANY($1::bigint[])',
      [pendingIds],
    );
    return new Map(rows.map((r) => [String(r.pending_id), Number(r.seq)]));
  }

  /** How many entries wait for the sequencer, and since when the oldest. */
  async queued(manager: EntityManager = this.dataSource.manager): Promise<{ entries: number; oldest: Date | null }> {
    const rows: { n: string | number; oldest: Date | null }[] = await manager.query(
      'SELECT count(*) AS n, min(occurred_at) AS oldest FROM ledger_pending',
    );
    return { entries: Number(rows[0].n), oldest: rows[0].oldest ? new Date(rows[0].oldest) : null };
  }

  async nodes(keys: NodeKey[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Buffer>> {
    if (keys.length === 0) return new Map();
    const rows: { level: number; index: string; hash: Buffer }[] = await manager.query(
      `SELECT n.level, n.index, n.hash FROM ledger_node n
         JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, index) ON n.level = k.level AND n.index = k.index`,
      [keys.map((k) => k.level), keys.map((k) => k.index)],
    );
    return new Map(rows.map((r) => [nodeId({ level: r.level, index: Number(r.index) }), r.hash]));
  }

  /**
   * Stored nodes and the ledger's size in one statement (one round trip, one snapshot): what a
   * proof needs, so the size it is checked against is the size its nodes were read at.
   */
  async nodesWithSize(keys: NodeKey[]): Promise<{ size: number; nodes: Map<string, Buffer> }> {
    const rows: { size: string | number; level: number | null; index: string | null; hash: Buffer | null }[] =
      await this.dataSource.query(
        `SELECT s.size, n.level, n.index, n.hash
           FROM (SELECT size FROM ledger_state WHERE id = 1) s
           LEFT JOIN (ledger_node n
                 JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, index) ON n.level = k.level AND n.index = k.index)
             ON true`,
        [keys.map((k) => k.level), keys.map((k) => k.index)],
      );
    const nodes = new Map<string, Buffer>();
    for (const r of rows) {
      if (r.hash !== null) nodes.set(nodeId({ level: Number(r.level), index: Number(r.index) }), r.hash);
    }
    return { size: Number(rows[0].size), nodes };
  }

  async insertNodes(tx: EntityManager, nodes: { key: NodeKey; hash: Buffer }[]): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_node (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [nodes.map((n) => n.key.level), nodes.map((n) => n.key.index), nodes.map((n) => n.hash)],
    );
  }

  /** Entries after `after` (exclusive), seq ascending; `from`/`to` bound occurred_at as [from, to). */
  page(
    filter: { campaignId?: string; from?: Date; to?: Date },
    after: number,
    limit: number,
  ): Promise<LedgerEntryEntity[]> {
    const q = this.dataSource
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after })
      .orderBy('e.seq', 'ASC')
      .limit(limit);
    if (filter.campaignId) q.andWhere('e.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.from) q.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('e.occurred_at < :to', { to: filter.to });
    return q.getMany();
  }

  async totalFen(filter: { campaignId?: string }): Promise<number> {
    const rows: { total: string | null }[] = filter.campaignId
      ? await this.dataSource.query('SELECT sum(amount_fen) AS total FROM ledger_entry WHERE campaign_id = $1', [
          filter.campaignId,
        ])
      : await this.dataSource.query('SELECT sum(amount_fen) AS total FROM ledger_entry');
    return Number(rows[0].total ?? 0);
  }

  async totalsByKind(
    filter: { campaignId?: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KindTotal[]> {
    const rows: { kind: LedgerKind; amount: string | null; quantity: string | null; entries: string }[] =
      await manager.query(
        `SELECT kind, sum(amount_fen) AS amount, sum(quantity) AS quantity, count(*) AS entries
           FROM (SELECT kind, amount_fen, quantity, campaign_id FROM ledger_entry
                 UNION ALL SELECT kind, amount_fen, quantity, campaign_id FROM ledger_pending) e
          WHERE ($1::uuid IS NULL OR campaign_id = $1) GROUP BY kind ORDER BY kind`,
        [filter.campaignId ?? null],
      );
    return rows.map((r) => ({
      kind: r.kind,
      amountFen: Number(r.amount ?? 0),
      quantity: Number(r.quantity ?? 0),
      entries: Number(r.entries),
    }));
  }

  latestHead(manager: EntityManager = this.dataSource.manager): Promise<LedgerTreeHeadEntity | null> {
    return manager.getRepository(LedgerTreeHeadEntity).findOne({ where: {}, order: { treeSize: 'DESC' } });
  }

  heads(before: number | undefined, limit: number): Promise<LedgerTreeHeadEntity[]> {
    const q = this.dataSource
      .getRepository(LedgerTreeHeadEntity)
      .createQueryBuilder('h')
      .orderBy('h.tree_size', 'DESC')
      .limit(limit);
    if (before !== undefined) q.where('h.tree_size < :before', { before });
    return q.getMany();
  }

  async insertHead(tx: EntityManager, head: LedgerTreeHeadEntity): Promise<void> {
    await tx.createQueryBuilder().insert().into(LedgerTreeHeadEntity).values(head).orIgnore().execute();
  }
}
