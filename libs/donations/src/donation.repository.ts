import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';
import { DonationEntity, DonationMatchEntity } from './donation.entity';
import { DonationChannel } from './donation-channel';
import { DonationStatus } from './donation-status';

export type NewDonationRow = Pick<
  DonationEntity,
  'receiptNo' | 'campaignId' | 'donorId' | 'amountFen' | 'anonymous' | 'donorName' | 'message' | 'organizationId'
> &
  Partial<
    Pick<DonationEntity, 'channel' | 'remittanceId' | 'status' | 'paidAt' | 'giverPhoneHash' | 'giverPhoneMasked'>
  >;

export type NewDonationMatchRow = Pick<DonationMatchEntity, 'donationId' | 'poolId' | 'amountFen'>;

/** What staff search donations by (捐赠查询); every field narrows, none is required. */
export interface DonationFilter {
  receiptNo?: string;
  campaignId?: string;
  organizationId?: string;
  statuses?: DonationStatus[];
  /** Placed (search) or paid (export) in [from, to). */
  from?: Date;
  to?: Date;
  minFen?: number;
  maxFen?: number;
}

/**
 * A place in a list ordered by (time, id): the id of the last row of the previous page. Its time
 * is read in SQL, at the database's microseconds (a JavaScript Date has milliseconds only).
 */
export type DonationCursor = string;

/**
 * The SQL of donations and their sponsors' matches; rules live in DonationService. A donation is
 * its donor's, not a region's: callers check who asks (the donor, or staff) before showing one.
 */
@Injectable()
export class DonationRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: EntityManager, row: NewDonationRow): Promise<DonationEntity> {
    return tx.save(DonationEntity, tx.create(DonationEntity, row));
  }

  /** Outside a transaction: the WeChat Pay order the donation is paid through. */
  async setPrepayId(id: string, prepayId: string): Promise<void> {
    await this.dataSource.manager.update(DonationEntity, { id }, { prepayId });
  }

  /** Outside a transaction: a donation that never got its WeChat Pay order can never be paid. */
  async close(id: string): Promise<void> {
    await this.dataSource.manager.update(DonationEntity, { id }, { status: DonationStatus.CLOSED });
  }

  async update(tx: EntityManager, id: string, changes: Partial<DonationEntity>): Promise<void> {
    await tx.update(DonationEntity, { id }, changes);
  }

  /** Locks the donation for the rest of the transaction; null when there is none. */
  lockByReceiptNo(tx: EntityManager, receiptNo: string): Promise<DonationEntity | null> {
    return tx.findOne(DonationEntity, { where: { receiptNo }, lock: { mode: 'pessimistic_write' } });
  }

  lockById(tx: EntityManager, id: string): Promise<DonationEntity | null> {
    return tx.findOne(DonationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byId(id: string): Promise<DonationEntity | null> {
    return this.dataSource.manager.findOneBy(DonationEntity, { id });
  }

  byReceiptNo(receiptNo: string): Promise<DonationEntity | null> {
    return this.dataSource.manager.findOneBy(DonationEntity, { receiptNo });
  }

  /**
   * Receipt numbers of WeChat Pay orders still PENDING that were placed before `before`, oldest
   * first (sweeper). An offline gift awaiting its second person is PENDING too, but no order.
   */
  async pendingPlacedBefore(before: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.manager.find(DonationEntity, {
      select: { receiptNo: true },
      where: { status: DonationStatus.PENDING, channel: DonationChannel.WECHAT_PAY, createdAt: LessThan(before) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.receiptNo);
  }

  /** The donor's donations, newest first; at most `limit`. */
  ofDonor(donorId: string, limit: number): Promise<DonationEntity[]> {
    return this.dataSource.manager.find(DonationEntity, {
      where: { donorId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /**
   * Offline gifts recorded against a phone number nobody had claimed become the donor's who proved
   * it: how many did.
   */
  async claimByPhone(tx: EntityManager, donorId: string, phoneHash: string): Promise<number> {
    const result = await tx
      .createQueryBuilder()
      .update(DonationEntity)
      .set({ donorId })
      .where('giver_phone_hash = :phoneHash AND donor_id IS NULL AND channel <> :wechat', {
        phoneHash,
        wechat: DonationChannel.WECHAT_PAY,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** The donor's donations still PAID that were paid within [from, to), oldest first. */
  paidBetween(donorId: string, from: Date, to: Date): Promise<DonationEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DonationEntity, 'd')
      .where('d.donor_id = :donorId AND d.status = :status AND d.paid_at >= :from AND d.paid_at < :to', {
        donorId,
        status: DonationStatus.PAID,
        from,
        to,
      })
      .orderBy('d.paid_at', 'ASC')
      .getMany();
  }

  /** 捐赠查询: orders of every status, newest placed first, after `before`; at most `limit`. */
  search(filter: DonationFilter, before: DonationCursor | null, limit: number): Promise<DonationEntity[]> {
    const q = this.filtered(filter, 'd.created_at')
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit);
    if (before) {
      q.andWhere('(d.created_at, d.id) < (SELECT b.created_at, b.id FROM donation b WHERE b.id = :before)', { before });
    }
    return q.getMany();
  }

  /** For exports: gifts that were paid (whatever happened after), oldest payment first, after `after`. */
  paidInOrder(filter: DonationFilter, after: DonationCursor | null, limit: number): Promise<DonationEntity[]> {
    const q = this.filtered(filter, 'd.paid_at')
      .andWhere('d.paid_at IS NOT NULL')
      .orderBy('d.paid_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit);
    if (after)
      q.andWhere('(d.paid_at, d.id) > (SELECT a.paid_at, a.id FROM donation a WHERE a.id = :after)', { after });
    return q.getMany();
  }

  private filtered(filter: DonationFilter, timeColumn: 'd.created_at' | 'd.paid_at') {
    const q = this.dataSource.manager.createQueryBuilder(DonationEntity, 'd').where('true');
    if (filter.receiptNo) q.andWhere('d.receipt_no = :receiptNo', { receiptNo: filter.receiptNo });
    if (filter.campaignId) q.andWhere('d.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.organizationId)
      q.andWhere('d.organization_id = :organizationId', { organizationId: filter.organizationId });
    if (filter.statuses?.length) q.andWhere('d.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.from) q.andWhere(`${timeColumn} >= :from`, { from: filter.from });
    if (filter.to) q.andWhere(`${timeColumn} < :to`, { to: filter.to });
    if (filter.minFen !== undefined) q.andWhere('d.amount_fen >= :minFen', { minFen: filter.minFen });
    if (filter.maxFen !== undefined) q.andWhere('d.amount_fen <= :maxFen', { maxFen: filter.maxFen });
    return q;
  }

  /** A sponsor's match of a gift; its ledger seq fills in when the MATCH entry is integrated. */
  async insertMatch(tx: EntityManager, row: NewDonationMatchRow): Promise<string> {
    const result = await tx.insert(DonationMatchEntity, { ...row, ledgerSeq: null });
    return String((result.identifiers[0] as { id: string }).id);
  }

  /** The donation's matches not yet given back, by pool id (the order pools are locked in). */
  standingMatches(tx: EntityManager, donationId: string): Promise<DonationMatchEntity[]> {
    return tx.find(DonationMatchEntity, {
      where: { donationId, unmatchedAt: IsNull() },
      order: { poolId: 'ASC' },
    });
  }

  /** Its UNMATCH entry's seq fills in when the entry is integrated. */
  async markUnmatched(tx: EntityManager, matchId: string): Promise<void> {
    await tx.update(DonationMatchEntity, { id: matchId }, { unmatchedAt: new Date() });
  }

  /**
   * The sequencer's word: these entries are in the public ledger at these seqs. One statement per
   * batch; `column` is one of the three seq columns a donation's entries fill.
   */
  async setLedgerSeqs(
    tx: EntityManager,
    column: 'donation.ledger_seq' | 'donation_match.ledger_seq' | 'donation_match.unmatch_ledger_seq',
    seqs: { ownerId: string; seq: number }[],
  ): Promise<void> {
    const [table, field] = column.split('.');
    await tx.query(
      `UPDATE ${table} d SET ${field} = v.seq FROM unnest($1::uuid[], $2::bigint[]) AS v(id, seq) WHERE d.id = v.id`,
      [seqs.map((s) => s.ownerId), seqs.map((s) => s.seq)],
    );
  }

  async receiptNosOf(ids: string[]): Promise<string[]> {
    const rows: { receipt_no: string }[] = await this.dataSource.query(
      'SELECT receipt_no FROM donation WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows.map((r) => r.receipt_no);
  }

  /** Matched money still standing of each donation with some still matched. */
  async matchedFenByDonation(donationIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { donation_id: string; total: string | number }[] = await this.dataSource.query(
      `SELECT donation_id, sum(amount_fen) AS total FROM donation_match
        WHERE donation_id = ANY($1::uuid[]) AND unmatched_at IS NULL GROUP BY donation_id`,
      [[...donationIds]],
    );
    return new Map(rows.map((r) => [r.donation_id, Number(r.total)]));
  }
}
