import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { OfficialReceiptRequestEntity, OfficialReceiptStatus } from './official-receipt.entity';

export type NewOfficialReceiptRequest = Pick<
  OfficialReceiptRequestEntity,
  | 'donationId'
  | 'remittanceId'
  | 'regionId'
  | 'receiptNo'
  | 'amountFen'
  | 'title'
  | 'taxId'
  | 'email'
  | 'requestedByDonor'
  | 'requestedByStaff'
>;

/** The SQL of official receipt requests; the rules live in OfficialReceiptService. */
@Injectable()
export class OfficialReceiptRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, row: NewOfficialReceiptRequest): Promise<OfficialReceiptRequestEntity> {
    return tx.save(
      OfficialReceiptRequestEntity,
      tx.create(OfficialReceiptRequestEntity, { ...row, status: OfficialReceiptStatus.REQUESTED }),
    );
  }

  /** The standing (not refused) request of a gift or a remittance, if any. */
  standing(
    tx: EntityManager,
    of: { donationIds?: readonly string[]; remittanceId?: string },
  ): Promise<OfficialReceiptRequestEntity[]> {
    const open = { status: Not(OfficialReceiptStatus.REFUSED) };
    if (of.remittanceId)
      return tx.find(OfficialReceiptRequestEntity, { where: { ...open, remittanceId: of.remittanceId } });
    if (!of.donationIds?.length) return Promise.resolve([]);
    return tx.find(OfficialReceiptRequestEntity, { where: { ...open, donationId: In([...of.donationIds]) } });
  }

  /** Locks a request of the scope for the rest of the transaction; null outside it. */
  lockInScope(tx: EntityManager, scope: RegionScope, id: string): Promise<OfficialReceiptRequestEntity | null> {
    return tx
      .createQueryBuilder(OfficialReceiptRequestEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('o.region_id'))
      .getOne();
  }

  byOfficialNo(tx: EntityManager, officialReceiptNo: string): Promise<OfficialReceiptRequestEntity | null> {
    return tx.findOneBy(OfficialReceiptRequestEntity, { officialReceiptNo });
  }

  async update(tx: EntityManager, id: string, changes: Partial<OfficialReceiptRequestEntity>): Promise<void> {
    await tx.update(OfficialReceiptRequestEntity, { id }, changes);
  }

  /** Oldest waiting first (the queue to work through), then the rest newest first; of the scope. */
  list(
    scope: RegionScope,
    filter: { status?: OfficialReceiptStatus },
    limit: number,
  ): Promise<OfficialReceiptRequestEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(OfficialReceiptRequestEntity, 'o')
      .where(...Subtree.of(scope).regionIn('o.region_id'));
    if (filter.status) q.andWhere('o.status = :status', { status: filter.status });
    return q
      .orderBy(`CASE WHEN o.status = 'REQUESTED' THEN 0 ELSE 1 END`)
      .addOrderBy(`CASE WHEN o.status = 'REQUESTED' THEN o.requested_at END`, 'ASC')
      .addOrderBy('o.requested_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(limit)
      .getMany();
  }

  /** The latest request of each gift (any status): what its donor sees on the certificate. */
  async latestOfDonations(donationIds: readonly string[]): Promise<Map<string, OfficialReceiptRequestEntity>> {
    if (!donationIds.length) return new Map();
    const rows = await this.dataSource.manager.find(OfficialReceiptRequestEntity, {
      where: { donationId: In([...donationIds]) },
      order: { requestedAt: 'ASC' },
    });
    return new Map(rows.map((r) => [r.donationId!, r]));
  }

  async latestOfRemittances(remittanceIds: readonly string[]): Promise<Map<string, OfficialReceiptRequestEntity>> {
    if (!remittanceIds.length) return new Map();
    const rows = await this.dataSource.manager.find(OfficialReceiptRequestEntity, {
      where: { remittanceId: In([...remittanceIds]) },
      order: { requestedAt: 'ASC' },
    });
    return new Map(rows.map((r) => [r.remittanceId!, r]));
  }
}
