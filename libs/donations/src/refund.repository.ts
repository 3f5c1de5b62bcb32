import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DonationEntity } from './donation.entity';
import { DonationRefundEntity, RefundState } from './donation-refund.entity';
import { DonationStatus } from './donation-status';

export type NewRefundRow = Pick<
  DonationRefundEntity,
  'donationId' | 'outRefundNo' | 'reason' | 'requestedByStaffId' | 'requestedByUsername' | 'requestedInRegionId'
>;

/** The SQL of refund requests (donation_refund); the rules live in RefundService. */
@Injectable()
export class RefundRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: EntityManager, row: NewRefundRow): Promise<DonationRefundEntity> {
    return tx.save(DonationRefundEntity, tx.create(DonationRefundEntity, { ...row, state: RefundState.REQUESTED }));
  }

  async update(tx: EntityManager | null, id: string, changes: Partial<DonationRefundEntity>): Promise<void> {
    await (tx ?? this.dataSource.manager).update(DonationRefundEntity, { id }, changes);
  }

  byOutRefundNo(outRefundNo: string, tx?: EntityManager): Promise<DonationRefundEntity | null> {
    return (tx ?? this.dataSource.manager).findOneBy(DonationRefundEntity, { outRefundNo });
  }

  /** Locks the row for the rest of the transaction (after its donation: the order locks are taken in). */
  lockByOutRefundNo(tx: EntityManager, outRefundNo: string): Promise<DonationRefundEntity | null> {
    return tx.findOne(DonationRefundEntity, { where: { outRefundNo }, lock: { mode: 'pessimistic_write' } });
  }

  countOf(tx: EntityManager, donationId: string): Promise<number> {
    return tx.countBy(DonationRefundEntity, { donationId });
  }

  /** Every refund request of a donation, oldest first. */
  ofDonation(donationId: string): Promise<DonationRefundEntity[]> {
    return this.dataSource.manager.find(DonationRefundEntity, {
      where: { donationId },
      order: { createdAt: 'ASC', outRefundNo: 'ASC' },
    });
  }

  /** Donations whose refund failed, most recent failure first; at most `limit`. */
  failedDonations(limit: number): Promise<DonationEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DonationEntity, 'd')
      .where('d.refund_failed_at IS NOT NULL AND d.status = :status', { status: DonationStatus.REFUND_FAILED })
      .orderBy('d.refund_failed_at', 'DESC')
      .addOrderBy('d.receipt_no', 'ASC')
      .take(limit)
      .getMany();
  }
}
