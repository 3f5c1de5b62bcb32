import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { DonationEntity } from './donation.entity';
import { RemittanceEntity, RemittanceLineEntity, RemittanceStatus } from './remittance.entities';

export type NewRemittanceRow = Pick<
  RemittanceEntity,
  | 'organizationId'
  | 'campaignId'
  | 'regionId'
  | 'amountFen'
  | 'channel'
  | 'receivedOn'
  | 'reference'
  | 'voucherFileId'
  | 'status'
  | 'thresholdFen'
  | 'recordedBy'
>;

export type NewRemittanceLineRow = Pick<RemittanceLineEntity, 'line' | 'name' | 'anonymous' | 'amountFen'> &
  Partial<Pick<RemittanceLineEntity, 'giverPhoneHash' | 'giverPhoneMasked'>>;

/** The SQL of offline remittances and their lines; rules live in RemittanceService. */
@Injectable()
export class RemittanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    row: NewRemittanceRow,
    lines: readonly NewRemittanceLineRow[],
  ): Promise<RemittanceEntity> {
    const saved = await tx.save(RemittanceEntity, tx.create(RemittanceEntity, row));
    await tx.insert(
      RemittanceLineEntity,
      lines.map((l) => ({ ...l, remittanceId: saved.id, donationId: null })),
    );
    return saved;
  }

  /** The remittance standing with this channel and reference (a transfer is recorded once; a reversed one frees it). */
  byReference(
    tx: EntityManager,
    channel: RemittanceEntity['channel'],
    reference: string,
  ): Promise<RemittanceEntity | null> {
    return tx.findOneBy(RemittanceEntity, { channel, reference, status: Not(RemittanceStatus.REVERSED) });
  }

  /** unscoped: the remittances of gifts the caller may already read (their day, voucher, recorder). */
  byIds(ids: readonly string[]): Promise<RemittanceEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.manager.find(RemittanceEntity, { where: { id: In([...ids]) } });
  }

  /** unscoped: where a donor's own offline gift was recorded (its 票据 is issued there). */
  async regionOf(id: string): Promise<string | null> {
    const found = await this.dataSource.manager.findOne(RemittanceEntity, {
      where: { id },
      select: { id: true, regionId: true },
    });
    return found?.regionId ?? null;
  }

  /** A remittance of a region inside the scope; null outside it. */
  inScope(
    scope: RegionScope,
    id: string,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<RemittanceEntity | null> {
    return tx
      .createQueryBuilder(RemittanceEntity, 'r')
      .where('r.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('r.region_id'))
      .getOne();
  }

  /** Locks a remittance of the scope for the rest of the transaction; null outside it. */
  lockInScope(tx: EntityManager, scope: RegionScope, id: string): Promise<RemittanceEntity | null> {
    return tx
      .createQueryBuilder(RemittanceEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('r.region_id'))
      .getOne();
  }

  /** Newest first, of the scope; optionally one campaign's or those awaiting confirmation. */
  list(
    scope: RegionScope,
    filter: { campaignId?: string; status?: RemittanceStatus },
    limit: number,
  ): Promise<RemittanceEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(RemittanceEntity, 'r')
      .where(...Subtree.of(scope).regionIn('r.region_id'));
    if (filter.campaignId) q.andWhere('r.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.status) q.andWhere('r.status = :status', { status: filter.status });
    return q.orderBy('r.recorded_at', 'DESC').addOrderBy('r.id', 'DESC').take(limit).getMany();
  }

  /** The lines of several remittances in one query, in line order. */
  linesOf(remittanceIds: readonly string[]): Promise<RemittanceLineEntity[]> {
    if (!remittanceIds.length) return Promise.resolve([]);
    return this.dataSource.manager.find(RemittanceLineEntity, {
      where: { remittanceId: In([...remittanceIds]) },
      order: { remittanceId: 'ASC', line: 'ASC' },
    });
  }

  lines(remittanceId: string, tx: EntityManager = this.dataSource.manager): Promise<RemittanceLineEntity[]> {
    return tx.find(RemittanceLineEntity, { where: { remittanceId }, order: { line: 'ASC' } });
  }

  async confirm(tx: EntityManager, id: string, by: string, at: Date): Promise<void> {
    await tx.update(RemittanceEntity, { id }, { status: RemittanceStatus.CONFIRMED, confirmedBy: by, confirmedAt: at });
  }

  async update(tx: EntityManager, id: string, changes: Partial<RemittanceEntity>): Promise<void> {
    await tx.update(RemittanceEntity, { id }, changes);
  }

  /** Its gifts, locked for the rest of the transaction, in line order. */
  lockGifts(tx: EntityManager, remittanceId: string): Promise<DonationEntity[]> {
    return tx
      .createQueryBuilder(DonationEntity, 'd')
      .setLock('pessimistic_write')
      .innerJoin(RemittanceLineEntity, 'l', 'l.donation_id = d.id')
      .where('l.remittance_id = :remittanceId', { remittanceId })
      .orderBy('l.line')
      .getMany();
  }

  async setLineDonation(tx: EntityManager, remittanceId: string, line: number, donationId: string): Promise<void> {
    await tx.update(RemittanceLineEntity, { remittanceId, line }, { donationId });
  }

  /** Its gifts in line order (none until it is confirmed). */
  gifts(remittanceIds: readonly string[]): Promise<DonationEntity[]> {
    if (!remittanceIds.length) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(DonationEntity, 'd')
      .innerJoin(RemittanceLineEntity, 'l', 'l.donation_id = d.id')
      .where('l.remittance_id IN (:...ids)', { ids: remittanceIds })
      .orderBy('l.remittance_id')
      .addOrderBy('l.line')
      .getMany();
  }
}
