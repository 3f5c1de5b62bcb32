import { Inject, Injectable } from '@nestjs/common';
import {
  CronSchedule,
  InputError,
  JobQueue,
  NotFoundError,
  QueueName,
  ROOT_LOGGER,
  RootLogger,
  Transactions,
} from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { WechatPayClient, WechatPayError } from '@shanchou/wechatpay';
import { createHash } from 'node:crypto';
import { compareDay, Difference, SideTotals } from './bill-comparison';
import { businessDateOf, businessDayBounds, isBusinessDate, previousBusinessDate } from './business-day';
import {
  ReconciliationDifferenceEntity,
  ReconciliationResolutionEntity,
  ReconciliationRunEntity,
} from './reconciliation.entities';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationStatus } from './reconciliation-status';
import { parseTradeBill, TradeBillFormatError, TradeBillRow } from './trade-bill';

export const RECONCILE_JOB = 'reconcile';
export const RECONCILE_DAILY_JOB = 'reconcile-daily';
/** WeChat Pay has the previous day's bill ready after 10:00 Beijing time; half an hour's margin. */
export const RECONCILE_DAILY_SCHEDULE: CronSchedule = { pattern: '30 10 * * *', tz: 'Asia/Shanghai' };
/** A failed daily run (bill late, download damaged) is retried after 15, 30, 60, 120 and 240 minutes. */
export const RECONCILE_RETRY = { attempts: 6, backoffMs: 15 * 60_000 } as const;

/** How many days back the daily job looks for days that were never reconciled. */
export const RECONCILE_CATCH_UP_DAYS = 7;

export const reconcileJobId = (date: string) => `${RECONCILE_JOB}.${date}`;

export interface ReconciliationReport {
  date: string;
  run: ReconciliationRunEntity;
  differences: ReconciliationDifferenceEntity[];
  /** The notes written on the day's trades, matched to the differences by resolutionKey. */
  resolutions: ReconciliationResolutionEntity[];
}

export interface ResolvedDifference {
  difference: ReconciliationDifferenceEntity;
  resolution: ReconciliationResolutionEntity;
}

export const RESOLUTION_NOTE_MAX = 500;

/** What ties a note to a trade of a day across reruns: the kind, the order and the refund. */
export function resolutionKey(d: { kind: string; outTradeNo: string; outRefundNo: string | null }): string {
  return `${d.kind}|${d.outTradeNo}|${d.outRefundNo ?? ''}`;
}

type BillOutcome = { ok: true; rows: TradeBillRow[]; sha1: string | null } | { ok: false; reason: string };

/**
 * 对账: a business day's PAID and REFUNDED donations compared line by line with WeChat Pay's trade
 * bill, after checking the bill's SHA-1. Each run is stored in one transaction and replaces the
 * date's previous result; a bill that cannot be had or trusted makes a FAILED run with no differences.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly repository: ReconciliationRepository,
    private readonly wechatPay: WechatPayClient,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /**
   * Reconciles `date` now. Any day up to today may be asked for; WeChat Pay itself refuses today
   * (the bill comes the next morning), which makes a FAILED run saying so.
   */
  async run(date: string, actor?: StaffPrincipal): Promise<ReconciliationReport> {
    assertBusinessDate(date);
    if (date > businessDateOf(new Date())) throw new InputError('date', `${date} 还没有到（按北京时间）`);
    const startedAt = new Date();
    const bill = await this.fetchBill(date);
    const bounds = businessDayBounds(date);
    await this.transactions.run(async (tx) => {
      const runId = await this.repository.lockRun(tx, date, startedAt);
      const ours = await this.repository.donationsOfDay(tx, bounds.from, bounds.to);
      let differences: Difference[] = [];
      let billSide: SideTotals | null = null;
      let oursSide: SideTotals;
      if (bill.ok) {
        const ourNos = new Set(ours.map((d) => d.receiptNo));
        const others = await this.repository.donationsByReceiptNo(tx, [
          ...new Set(bill.rows.map((r) => r.outTradeNo).filter((no) => !ourNos.has(no))),
        ]);
        const known = new Map([...ours, ...others].map((d) => [d.receiptNo, d]));
        const compared = compareDay({ bounds, ours, known, bill: bill.rows });
        ({ differences, ours: oursSide, bill: billSide } = compared);
      } else {
        oursSide = compareDay({ bounds, ours, known: new Map(), bill: [] }).ours;
      }
      await this.repository.replace(
        tx,
        runId,
        {
          status: !bill.ok
            ? ReconciliationStatus.FAILED
            : differences.length > 0
              ? ReconciliationStatus.DIFFERENCES
              : ReconciliationStatus.BALANCED,
          reason: bill.ok ? null : bill.reason,
          billSha1: bill.ok ? bill.sha1 : null,
          ourPaymentCount: oursSide.paymentCount,
          ourPaymentFen: String(oursSide.paymentFen),
          ourRefundCount: oursSide.refundCount,
          ourRefundFen: String(oursSide.refundFen),
          billPaymentCount: billSide?.paymentCount ?? null,
          billPaymentFen: billSide ? String(billSide.paymentFen) : null,
          billRefundCount: billSide?.refundCount ?? null,
          billRefundFen: billSide ? String(billSide.refundFen) : null,
          differenceCount: differences.length,
          startedAt,
          finishedAt: new Date(),
        },
        differences,
      );
      if (actor) {
        await this.audit.record(tx, actor, {
          action: 'reconciliation.run',
          targetType: 'reconciliation_run',
          targetId: runId,
          regionId: actor.regionId,
          input: { date },
        });
      }
    });
    const report = await this.report(date);
    if (!report) throw new Error(`the reconciliation of ${date} was stored but cannot be read back`);
    const { run } = report;
    const line = { date, status: run.status, differences: run.differenceCount, reason: run.reason ?? undefined };
    if (run.status === ReconciliationStatus.BALANCED) this.log.info(line, 'reconciliation balanced');
    else this.log.warn(line, 'reconciliation found differences or failed');
    return report;
  }

  /** The date's latest run and its differences; null before the date was reconciled. */
  async report(date: string): Promise<ReconciliationReport | null> {
    assertBusinessDate(date);
    const found = await this.repository.findByDate(date);
    if (!found) return null;
    const resolutions = found.differences.length ? await this.repository.resolutionsOf(date) : [];
    return { date, ...found, resolutions };
  }

  /**
   * 差异处理: a district admin's note on how a difference was resolved (the refund redone, the
   * bill's error reported to WeChat Pay…). It belongs to the day's trade, so it stays when the day
   * is reconciled again and the same difference comes back; a second note replaces the first.
   */
  async resolve(actor: StaffPrincipal, differenceId: string, note: string): Promise<ResolvedDifference> {
    const text = note.trim();
    if (!text) throw new InputError('note', '处理说明不能为空');
    if (text.length > RESOLUTION_NOTE_MAX) throw new InputError('note', `处理说明最多 ${RESOLUTION_NOTE_MAX} 个字`);
    const found = await this.repository.findDifference(differenceId);
    if (!found) throw new NotFoundError('Reconciliation difference', differenceId, 'differenceId');
    const { difference, date } = found;
    return this.transactions.run(async (tx) => {
      const resolution = await this.repository.saveResolution(tx, {
        businessDate: date,
        kind: difference.kind,
        outTradeNo: difference.outTradeNo,
        outRefundNo: difference.outRefundNo ?? '',
        note: text,
        resolvedByStaffId: actor.staffId,
        resolvedBy: actor.username,
        resolvedAt: new Date(),
      });
      await this.audit.record(tx, actor, {
        action: 'reconciliation.resolve_difference',
        targetType: 'reconciliation_difference',
        targetId: difference.id,
        regionId: actor.regionId,
        input: { differenceId, date, kind: difference.kind, outTradeNo: difference.outTradeNo, note: text },
      });
      return { difference, resolution };
    });
  }

  /**
   * The daily job's step: yesterday's reconciliation, and any day of the week before it that was
   * never reconciled (the worker was down at 10:30), each queued under its business key so a
   * second fire adds nothing, and retried for hours when the bill is late or damaged. They go to
   * the queue directly: no row changes with them, so there is nothing for the outbox to make atomic.
   */
  async enqueueDaily(now = new Date()): Promise<string[]> {
    const yesterday = previousBusinessDate(now);
    const week = Array.from({ length: RECONCILE_CATCH_UP_DAYS }, (_, i) =>
      businessDateOf(new Date(businessDayBounds(yesterday).from.getTime() - i * 86400_000)),
    ).reverse();
    const reconciled = await this.repository.datesWithRuns(week[0], yesterday);
    const dates = week.filter((date) => date === yesterday || !reconciled.has(date));
    for (const date of dates) {
      await this.queue.add(
        QueueName.DONATIONS,
        RECONCILE_JOB,
        { date },
        { jobId: reconcileJobId(date), ...RECONCILE_RETRY },
      );
    }
    return dates;
  }

  private async fetchBill(date: string): Promise<BillOutcome> {
    let file: Awaited<ReturnType<WechatPayClient['tradeBill']>>;
    try {
      file = await this.wechatPay.tradeBill(date);
    } catch (err) {
      // WeChat Pay has no statement for a day without a single trade: an empty bill, not a failure.
      if (err instanceof WechatPayError && err.code === 'NO_STATEMENT_EXIST') return { ok: true, rows: [], sha1: null };
      const why = err instanceof WechatPayError ? err.message : `WeChat Pay could not be reached: ${String(err)}`;
      return { ok: false, reason: `no bill for ${date}: ${why}` };
    }
    if (file.hashType.toUpperCase() !== 'SHA1')
      return { ok: false, reason: `the bill's hash is ${file.hashType}, not SHA1: it cannot be checked` };
    const sha1 = createHash('sha1').update(file.bytes).digest('hex');
    if (sha1 !== file.hashValue.toLowerCase()) {
      return {
        ok: false,
        reason: `SHA-1 mismatch: the downloaded bill hashes to ${sha1}, WeChat Pay signed ${file.hashValue}; the download was damaged and nothing was compared`,
      };
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      return { ok: true, rows: parseTradeBill(text).rows, sha1 };
    } catch (err) {
      if (err instanceof TradeBillFormatError || err instanceof TypeError)
        return { ok: false, reason: `the bill cannot be read: ${err.message}` };
      throw err;
    }
  }
}

function assertBusinessDate(date: string): void {
  if (!isBusinessDate(date)) throw new InputError('date', `“${date}” 不是日期：应写作 YYYY-MM-DD，如 2026-12-03`);
}
