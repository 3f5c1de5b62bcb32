import { Injectable } from '@nestjs/common';
import { InputError, InvalidTransitionError, NotFoundError, Transactions } from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { EntityManager } from 'typeorm';
import { CampaignStatus } from './campaign-kind';
import { CampaignService } from './campaign.service';
import { MatchPoolEntity, MatchPoolStatus } from './match-pool.entities';
import { MatchPoolRepository } from './match-pool.repository';

export interface NewMatchPool {
  campaignId: string;
  sponsorName: string;
  totalFen: number;
  perDonorCapFen: number;
  endsAt?: Date | null;
  /** Also match gifts recorded offline (default: WeChat Pay gifts only). */
  matchesOffline?: boolean | null;
}

/** One pool's share of matching one gift. */
export interface Match {
  pool: MatchPoolEntity;
  amountFen: number;
}

/**
 * 配捐: sponsors' pools match gifts 1:1. A gift draws from the campaign's open pools in the
 * order they were pledged, never more in all than the gift itself, nor past a pool's per-donor
 * cap or its total. A refunded gift gives its match back to the pools.
 */
@Injectable()
export class MatchingService {
  constructor(
    private readonly pools: MatchPoolRepository,
    private readonly campaigns: CampaignService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async create(actor: StaffPrincipal, input: NewMatchPool): Promise<MatchPoolEntity> {
    const sponsorName = input.sponsorName.trim();
    if (!sponsorName) throw new InputError('input.sponsorName', '请填写配捐方名称');
    if (!Number.isSafeInteger(input.totalFen) || input.totalFen <= 0)
      throw new InputError('input.totalFen', '配捐总额须为大于 0 的整数（单位：分）');
    if (!Number.isSafeInteger(input.perDonorCapFen) || input.perDonorCapFen <= 0)
      throw new InputError('input.perDonorCapFen', '每位捐赠人的配捐上限须为大于 0 的整数（单位：分）');
    if (input.perDonorCapFen > input.totalFen)
      throw new InputError('input.perDonorCapFen', '每位捐赠人的配捐上限不能超过配捐总额');
    if (input.endsAt && input.endsAt <= new Date()) throw new InputError('input.endsAt', '结束时间须晚于现在');
    const campaign = await this.campaigns.requireById(input.campaignId, 'input.campaignId');
    if (campaign.status === CampaignStatus.CLOSED)
      throw new InputError('input.campaignId', `项目「${campaign.title}」已结束，不能再设立配捐`);
    return this.transactions.run(async (tx) => {
      const pool = await this.pools.insert(tx, {
        campaignId: campaign.id,
        sponsorName,
        totalFen: String(input.totalFen),
        perDonorCapFen: String(input.perDonorCapFen),
        endsAt: input.endsAt ?? null,
        matchesOffline: input.matchesOffline ?? false,
      });
      await this.audit.record(tx, actor, {
        action: 'match-pool.create',
        targetType: 'match_pool',
        targetId: pool.id,
        regionId: campaign.regionId ?? actor.regionId,
        input: { ...input },
      });
      return pool;
    });
  }

  /** Stops matching new gifts; matches already made stand. */
  async close(actor: StaffPrincipal, poolId: string): Promise<MatchPoolEntity> {
    return this.transactions.run(async (tx) => {
      const pool = await this.pools.lock(tx, poolId);
      if (!pool) throw new NotFoundError('MatchPool', poolId, 'poolId');
      if (pool.status === MatchPoolStatus.CLOSED) throw new InvalidTransitionError(`配捐资金池 ${poolId} 已经关闭了`);
      const closed = await this.pools.setStatus(tx, poolId, MatchPoolStatus.CLOSED);
      await this.audit.record(tx, actor, {
        action: 'match-pool.close',
        targetType: 'match_pool',
        targetId: poolId,
        regionId: actor.regionId,
        input: { poolId },
      });
      return closed;
    });
  }

  ofCampaign(campaignId: string): Promise<MatchPoolEntity[]> {
    return this.pools.ofCampaign(campaignId);
  }

  byIds(ids: readonly string[], tx?: EntityManager): Promise<MatchPoolEntity[]> {
    return this.pools.byIds(ids, tx);
  }

  /** Matched money of each campaign, for the campaigns' pages: one query for the lot. */
  async matchedFenOf(campaignIds: readonly string[]): Promise<number[]> {
    const totals = await this.pools.matchedFenByCampaign(campaignIds);
    return campaignIds.map((id) => totals.get(id) ?? 0);
  }

  /**
   * Draws the match for a paid gift from the campaign's open pools, in the gift's transaction.
   * Pools are locked in id order (as `unmatch` does), then drawn in pledge order.
   */
  async match(
    tx: EntityManager,
    gift: { campaignId: string; donorId: string; amountFen: number; offline?: boolean },
    now = new Date(),
  ): Promise<Match[]> {
    const open = await this.pools.lockOpen(tx, gift.campaignId, now, gift.offline ?? false);
    if (open.length === 0) return [];
    open.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
    const drawn = await this.pools.lockDrawn(
      tx,
      open.map((p) => p.id),
      gift.donorId,
    );
    const drawnBy = new Map(drawn.map((d) => [d.poolId, Number(d.matchedFen)]));
    const matches: Match[] = [];
    let left = gift.amountFen;
    for (const pool of open) {
      if (left === 0) break;
      const poolLeft = Number(pool.totalFen) - Number(pool.matchedFen);
      const donorLeft = Number(pool.perDonorCapFen) - (drawnBy.get(pool.id) ?? 0);
      const amount = Math.min(left, poolLeft, donorLeft);
      if (amount <= 0) continue;
      await this.pools.move(tx, pool.id, gift.donorId, amount);
      matches.push({ pool, amountFen: amount });
      left -= amount;
    }
    return matches;
  }

  /** Gives a refunded gift's match back to its pool, in the refund's transaction. */
  async unmatch(tx: EntityManager, match: { poolId: string; donorId: string; amountFen: number }): Promise<void> {
    await this.pools.move(tx, match.poolId, match.donorId, -match.amountFen);
  }
}
