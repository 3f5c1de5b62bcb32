import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MatchPoolDonorEntity, MatchPoolEntity, MatchPoolStatus } from './match-pool.entities';

export type NewMatchPoolRow = Pick<
  MatchPoolEntity,
  'campaignId' | 'sponsorName' | 'totalFen' | 'perDonorCapFen' | 'endsAt' | 'matchesOffline'
>;

/**
 * The SQL of matching pools (配捐池) and what each donor drew from them; rules live in
 * MatchingService. Pools belong to a campaign, not to a region: they are public, like campaigns.
 */
@Injectable()
export class MatchPoolRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: EntityManager, row: NewMatchPoolRow): Promise<MatchPoolEntity> {
    return tx.save(MatchPoolEntity, tx.create(MatchPoolEntity, row));
  }

  /** Locks the pool for the rest of the transaction; null when there is none. */
  lock(tx: EntityManager, id: string): Promise<MatchPoolEntity | null> {
    return tx.findOne(MatchPoolEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async setStatus(tx: EntityManager, id: string, status: MatchPoolStatus): Promise<MatchPoolEntity> {
    await tx.update(MatchPoolEntity, { id }, { status });
    return tx.findOneByOrFail(MatchPoolEntity, { id });
  }

  /** In pledge order. */
  ofCampaign(campaignId: string): Promise<MatchPoolEntity[]> {
    return this.dataSource.manager.find(MatchPoolEntity, {
      where: { campaignId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  byIds(ids: readonly string[], tx?: EntityManager): Promise<MatchPoolEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (tx ?? this.dataSource.manager)
      .createQueryBuilder(MatchPoolEntity, 'p')
      .where('p.id IN (:...ids)', { ids: [...ids] })
      .getMany();
  }

  /** Matched money of each campaign with matched money. */
  async matchedFenByCampaign(campaignIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { campaign_id: string; total: string | number }[] = await this.dataSource.query(
      'SELECT campaign_id, sum(matched_fen) AS total FROM match_pool WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id',
      [[...campaignIds]],
    );
    return new Map(rows.map((r) => [r.campaign_id, Number(r.total)]));
  }

  /**
   * Locks the campaign's pools that match gifts now (active, not used up, not ended), in id order:
   * every transaction that moves pools takes their locks in that one order.
   */
  lockOpen(tx: EntityManager, campaignId: string, now: Date, offline = false): Promise<MatchPoolEntity[]> {
    const q = tx
      .createQueryBuilder(MatchPoolEntity, 'p')
      .setLock('pessimistic_write')
      .where('p.campaign_id = :campaignId AND p.status = :status AND p.matched_fen < p.total_fen', {
        campaignId,
        status: MatchPoolStatus.ACTIVE,
      })
      .andWhere('(p.ends_at IS NULL OR p.ends_at > :now)', { now });
    // An offline gift is matched only by pools whose pledge says so.
    if (offline) q.andWhere('p.matches_offline');
    return q.orderBy('p.id', 'ASC').getMany();
  }

  /** Locks what the donor has drawn from each of these pools (the pools they have drawn from). */
  lockDrawn(tx: EntityManager, poolIds: readonly string[], donorId: string): Promise<MatchPoolDonorEntity[]> {
    if (poolIds.length === 0) return Promise.resolve([]);
    return tx.find(MatchPoolDonorEntity, {
      where: poolIds.map((poolId) => ({ poolId, donorId })),
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Moves `amountFen` of the pool to the donor's match (negative: back to the pool). */
  async move(tx: EntityManager, poolId: string, donorId: string, amountFen: number): Promise<void> {
    await tx.query('UPDATE match_pool SET matched_fen = matched_fen + $2, updated_at = now() WHERE id = $1', [
      poolId,
      amountFen,
    ]);
    await tx.query(
      `INSERT INTO match_pool_donor (pool_id, donor_id, matched_fen) VALUES ($1, $2, $3)
       ON CONFLICT (pool_id, donor_id) DO UPDATE SET matched_fen = match_pool_donor.matched_fen + $3`,
      [poolId, donorId, amountFen],
    );
  }
}
