import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerKind } from './ledger-kind';
import { LedgerEntryEntity, LedgerTreeHeadEntity } from './ledger.entities';
import { NodeKey, nodeId } from './merkle/rfc6962';

export interface KindTotal {
  kind: LedgerKind;
  amountFen: number;
  quantity: number;
  entries: number;
}

/** The ledger's SQL. Appends take the counter row's lock; reads never lock. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes the next seq and holds the counter's lock until the transaction ends: gapless. */
  async nextSeq(tx: EntityManager): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ seq: string }[], number] = await tx.query(
      `UPDATE ledger_state SET size = size + 1 WHERE id = 1 RETURNING size - 1 AS seq`,
    );
    return Number(rows[0].seq);
  }

  async size(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { size: string }[] = await manager.query('SELECT size FROM ledger_state WHERE id = 1');
    return Number(rows[0].size);
  }

  async balance(tx: EntityManager, campaignId: string): Promise<number> {
    const rows: { total: string | null }[] = await tx.query(
      'SELECT sum(amount_fen) AS total FROM ledger_entry WHERE campaign_id = $1',
      [campaignId],
    );
    return Number(rows[0].total ?? 0);
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

  async insertNodes(tx: EntityManager, nodes: { key: NodeKey; hash: Buffer }[]): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_node (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
      [nodes.map((n) => n.key.level), nodes.map((n) => n.key.index), nodes.map((n) => n.hash)],
    );
  }

  async insertEntry(tx: EntityManager, entry: LedgerEntryEntity): Promise<void> {
    await tx.insert(LedgerEntryEntity, entry);
  }

  /** Entries after `after` (exclusive), seq ascending. */
  page(filter: { campaignId?: string }, after: number, limit: number): Promise<LedgerEntryEntity[]> {
    const q = this.dataSource
      .getRepository(LedgerEntryEntity)
      .createQueryBuilder('e')
      .where('e.seq > :after', { after })
      .orderBy('e.seq', 'ASC')
      .limit(limit);
    if (filter.campaignId) q.andWhere('e.campaign_id = :campaignId', { campaignId: filter.campaignId });
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
        `SELECT kind, sum(amount_fen) AS amount, sum(quantity) AS quantity, count(*) AS entries FROM ledger_entry
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
