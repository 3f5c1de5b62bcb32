import { DonationChannel } from './donation-channel';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { Difference, OurDonation } from './bill-comparison';
import { DonationEntity } from './donation.entity';
import { DonationStatus } from './donation-status';
import {
  ReconciliationDifferenceEntity,
  ReconciliationResolutionEntity,
  ReconciliationRunEntity,
} from './reconciliation.entities';

export type RunValues = Pick<
  ReconciliationRunEntity,
  | 'status'
  | 'reason'
  | 'billSha1'
  | 'ourPaymentCount'
  | 'ourPaymentFen'
  | 'ourRefundCount'
  | 'ourRefundFen'
  | 'billPaymentCount'
  | 'billPaymentFen'
  | 'billRefundCount'
  | 'billRefundFen'
  | 'differenceCount'
  | 'startedAt'
  | 'finishedAt'
>;

const INSERT_CHUNK = 500;

/** The SQL of reconciliation: the day's donations, and a run with its differences replaced whole. */
@Injectable()
export class ReconciliationRepository {
  constructor(
    @InjectRepository(ReconciliationRunEntity) private readonly runs: Repository<ReconciliationRunEntity>,
    @InjectRepository(ReconciliationDifferenceEntity)
    private readonly differences: Repository<ReconciliationDifferenceEntity>,
  ) {}

  /**
   * Takes the date's run row (creating it) under a row lock, so two runs of one date replace each
   * other in turn and each compares the donations as they stood once it held the lock.
   */
  async lockRun(tx: EntityManager, date: string, startedAt: Date): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO reconciliation_run (business_date, status, our_payment_count, our_payment_fen, our_refund_count,
         our_refund_fen, difference_count, started_at, finished_at)
       VALUES ($1, 'FAILED', 0, 0, 0, 0, 0, $2, $2)
       ON CONFLICT (business_date) DO UPDATE SET started_at = EXCLUDED.started_at
       RETURNING id`,
      [date, startedAt],
    );
    return rows[0].id;
  }

  /**
   * WeChat Pay's donations paid, or refunded with the refund accepted by WeChat (the bill's day for
   * it), within [from, to). Offline gifts are not on WeChat's bill: the bank statement checks them.
   */
  async donationsOfDay(tx: EntityManager, from: Date, to: Date): Promise<OurDonation[]> {
    const found = await tx
      .getRepository(DonationEntity)
      .createQueryBuilder('d')
      .where('d.channel = :wechat', { wechat: DonationChannel.WECHAT_PAY })
      .andWhere(
        new Brackets((day) =>
          day
            .where('(d.paid_at >= :from AND d.paid_at < :to AND d.status IN (:...paid))', {
              from,
              to,
              paid: [DonationStatus.PAID, DonationStatus.REFUNDING, DonationStatus.REFUNDED],
            })
            .orWhere('(d.refund_accepted_at >= :from AND d.refund_accepted_at < :to AND d.status = :refunded)', {
              refunded: DonationStatus.REFUNDED,
            }),
        ),
      )
      .getMany();
    return found.map(ours);
  }

  async donationsByReceiptNo(tx: EntityManager, receiptNos: string[]): Promise<OurDonation[]> {
    if (receiptNos.length === 0) return [];
    const found = await tx
      .getRepository(DonationEntity)
      .createQueryBuilder('d')
      .where('d.receipt_no IN (:...receiptNos)', { receiptNos })
      .getMany();
    return found.map(ours);
  }

  /** The run's result and differences, replacing whatever an earlier run of the date left. */
  async replace(tx: EntityManager, runId: string, values: RunValues, differences: Difference[]): Promise<void> {
    await tx.update(ReconciliationRunEntity, { id: runId }, values);
    await tx.delete(ReconciliationDifferenceEntity, { runId });
    for (let i = 0; i < differences.length; i += INSERT_CHUNK) {
      await tx.insert(
        ReconciliationDifferenceEntity,
        differences.slice(i, i + INSERT_CHUNK).map((d) => ({
          runId,
          kind: d.kind,
          outTradeNo: d.outTradeNo.slice(0, 64),
          outRefundNo: d.outRefundNo?.slice(0, 64) ?? null,
          transactionId: d.transactionId?.slice(0, 64) ?? null,
          ourAmountFen: d.ourAmountFen === null ? null : String(d.ourAmountFen),
          billAmountFen: d.billAmountFen === null ? null : String(d.billAmountFen),
          note: d.note.slice(0, 200),
        })),
      );
    }
  }

  /** A difference of the latest run of its day, with that day; null when a rerun replaced it or it never was. */
  async findDifference(id: string): Promise<{ difference: ReconciliationDifferenceEntity; date: string } | null> {
    const rows: { id: string; day: string }[] = await this.differences.query(
      `SELECT d.id, to_char(r.business_date, 'YYYY-MM-DD') AS day
         FROM reconciliation_difference d JOIN reconciliation_run r ON r.id = d.run_id
        WHERE d.id = $1`,
      [id],
    );
    if (!rows.length) return null;
    const difference = await this.differences.findOneBy({ id });
    return difference && { difference, date: rows[0].day };
  }

  /** The day's note on one trade becomes this one (a second note replaces the first). */
  async saveResolution(
    tx: EntityManager,
    row: Omit<ReconciliationResolutionEntity, 'id'>,
  ): Promise<ReconciliationResolutionEntity> {
    await tx.upsert(ReconciliationResolutionEntity, row, ['businessDate', 'kind', 'outTradeNo', 'outRefundNo']);
    return tx.findOneByOrFail(ReconciliationResolutionEntity, {
      businessDate: row.businessDate,
      kind: row.kind,
      outTradeNo: row.outTradeNo,
      outRefundNo: row.outRefundNo,
    });
  }

  /** Every note written on the day's trades. */
  resolutionsOf(date: string): Promise<ReconciliationResolutionEntity[]> {
    return this.differences.manager.findBy(ReconciliationResolutionEntity, { businessDate: date });
  }

  /** Business days in [from, to] that have a run, whatever its status. */
  async datesWithRuns(from: string, to: string): Promise<Set<string>> {
    const rows: { day: string }[] = await this.runs.query(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS day FROM reconciliation_run WHERE business_date BETWEEN $1 AND $2`,
      [from, to],
    );
    return new Set(rows.map((r) => r.day));
  }

  async findByDate(
    date: string,
  ): Promise<{ run: ReconciliationRunEntity; differences: ReconciliationDifferenceEntity[] } | null> {
    const run = await this.runs.findOneBy({ businessDate: date });
    if (!run) return null;
    const differences = await this.differences.find({
      where: { runId: run.id },
      order: { kind: 'ASC', outTradeNo: 'ASC' },
    });
    return { run, differences };
  }
}

function ours(d: DonationEntity): OurDonation {
  return {
    receiptNo: d.receiptNo,
    transactionId: d.transactionId,
    amountFen: Number(d.amountFen),
    status: d.status,
    paidAt: d.paidAt,
    refundedAt: d.refundedAt,
    refundNo: d.refundNo,
    refundAcceptedAt: d.refundAcceptedAt,
  };
}
