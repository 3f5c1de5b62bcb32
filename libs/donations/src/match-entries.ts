import { Injectable } from '@nestjs/common';
import { Match, MatchingService } from '@shanchou/campaigns';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { EntityManager } from 'typeorm';
import { DonationEntity, DonationMatchEntity, giverOf } from './donation.entity';
import { DonationRepository } from './donation.repository';
import { MATCH_OWNER, UNMATCH_OWNER } from './donation-ledger-owners';

/**
 * 配捐 in the ledger, for every way a gift is credited or taken off (a WeChat payment, a refund,
 * an offline remittance, its 冲正): each pool's match recorded with its MATCH entry, and given back
 * with its UNMATCH entry. Pools are locked by the callers' MatchingService calls, in id order.
 */
@Injectable()
export class MatchEntries {
  constructor(
    private readonly matching: MatchingService,
    private readonly donations: DonationRepository,
    private readonly ledger: LedgerService,
  ) {}

  /** One match row and MATCH entry per pool that matched the gift; after its DONATION entry. */
  async record(tx: EntityManager, gift: DonationEntity, matches: readonly Match[]): Promise<void> {
    for (const match of matches) {
      const matchId = await this.donations.insertMatch(tx, {
        donationId: gift.id,
        poolId: match.pool.id,
        amountFen: String(match.amountFen),
      });
      await this.ledger.append(tx, {
        kind: LedgerKind.MATCH,
        amountFen: match.amountFen,
        campaignId: gift.campaignId,
        memo: `配捐 ${match.pool.sponsorName} 配捐池 ${match.pool.id} 匹配 ${gift.receiptNo}`,
        owner: { kind: MATCH_OWNER, id: matchId },
      });
    }
  }

  /** Gives the gift's standing matches back to their pools (locked in pool order); record the releases after. */
  async giveBack(tx: EntityManager, gift: DonationEntity): Promise<DonationMatchEntity[]> {
    const matches = await this.donations.standingMatches(tx, gift.id);
    for (const match of matches)
      await this.matching.unmatch(tx, {
        poolId: match.poolId,
        donorId: giverOf(gift),
        amountFen: Number(match.amountFen),
      });
    return matches;
  }

  /** An UNMATCH entry per match given back; after the entry that took the gift off. */
  async recordReleases(
    tx: EntityManager,
    gift: DonationEntity,
    matches: readonly DonationMatchEntity[],
    why: string,
  ): Promise<void> {
    for (const match of matches) {
      await this.donations.markUnmatched(tx, match.id);
      await this.ledger.append(tx, {
        kind: LedgerKind.UNMATCH,
        amountFen: -Number(match.amountFen),
        campaignId: gift.campaignId,
        memo: `退回配捐 配捐池 ${match.poolId} ${why} ${gift.receiptNo}`,
        owner: { kind: UNMATCH_OWNER, id: match.id },
      });
    }
  }
}
