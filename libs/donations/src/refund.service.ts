import { DONATION_CHANNEL_LABELS, DonationChannel } from './donation-channel';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  InputError,
  InvalidTransitionError,
  NotFoundError,
  OutboxService,
  QueueName,
  ROOT_LOGGER,
  RootLogger,
  Transactions,
} from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { WechatPayClient, WechatPayError, WechatPayKeys, WechatRefund } from '@shanchou/wechatpay';
import { EntityManager } from 'typeorm';
import { DonationEntity } from './donation.entity';
import { DonationRefundEntity, RefundState } from './donation-refund.entity';
import { DonationRepository } from './donation.repository';
import { DonationService, PaymentMismatchError } from './donation.service';
import { DonationStatus } from './donation-status';
import { RefundRepository } from './refund.repository';
import { refundNoOf } from './refund-no';

export const REFUND_QUERY_JOB = 'refund-query';

/** The query job of one sending of one refund: `refund-query.<out_refund_no>.<n>` (no "." in an out_refund_no). */
export const refundQueryJobKey = (outRefundNo: string, submission: number): string =>
  `${REFUND_QUERY_JOB}.${outRefundNo}.${submission}`;

/** A refund still PROCESSING at WeChat Pay: the query job throws this to be tried again later. */
export class RefundStillProcessingError extends Error {
  override name = 'RefundStillProcessingError';
}

/** What became of one report (a notification or a query answer) about a refund. */
export type RefundOutcome =
  'refunded' | 'already refunded' | 'failed' | 'already failed' | 'processing' | 'stale' | 'not refunding';

/** Where a report about a refund comes from; a notification carries WeChat's time of writing it. */
export type RefundSource = { kind: 'notification'; event: string; writtenAt: Date | null } | { kind: 'query' };

/** The refund state WeChat reported, in words a district admin reads. */
const FAILURE_WORDS: Record<string, string> = {
  ABNORMAL: '退款异常：原路退回失败（如用户银行卡已注销或冻结），资金停留在微信支付退款中间账户',
  CLOSED: '退款关闭：退款处理超过 7 天仍未完成（如出资账户余额不足），已被微信支付关闭',
};

/** Refusals of a refund application that asking again will not change (WeChat answers 4xx). */
const isRefusal = (err: unknown): err is WechatPayError =>
  err instanceof WechatPayError &&
  [400, 403, 404].includes(err.status) &&
  !['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'EMPTY_ANSWER', 'NO_PREPAY_ID'].includes(err.code);

const isUnknownRefund = (err: unknown): boolean =>
  err instanceof WechatPayError && err.status === 404 && err.code === 'RESOURCE_NOT_EXISTS';

/**
 * 退款 to the end: a refund is requested, watched by a query job until WeChat Pay has settled it,
 * and when WeChat ends it ABNORMAL or CLOSED (or refuses it) the donation becomes REFUND_FAILED,
 * audited, for a district admin to retry: the same out_refund_no where WeChat allows it
 * (发起异常退款 after ABNORMAL; the application again after a refusal), a new one after CLOSED.
 * Every number a donation used is kept, so a report for any of them finds its donation.
 */
@Injectable()
export class RefundService {
  constructor(
    private readonly refunds: RefundRepository,
    private readonly donations: DonationRepository,
    private readonly donationService: DonationService,
    private readonly wechatPay: WechatPayClient,
    @Inject(WechatPayKeys) private readonly keys: WechatPayKeys,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /**
   * A district admin refunds a paid gift: REFUNDING now, REFUNDED once WeChat Pay settles it. Asked
   * again while REFUNDING, the same refund is sent again (same out_refund_no: never twice).
   */
  async refund(actor: StaffPrincipal, receiptNo: string, reason: string): Promise<DonationEntity> {
    const why = reason.trim();
    if (!why) throw new InputError('reason', '请填写退款原因');
    const row = await this.transactions.run(async (tx) => {
      const donation = await this.donations.lockByReceiptNo(tx, receiptNo);
      if (!donation) throw new NotFoundError('Donation', receiptNo, 'receiptNo');
      if (donation.channel !== DonationChannel.WECHAT_PAY)
        throw new InvalidTransitionError(
          `捐赠 ${receiptNo} 是线下捐赠（${DONATION_CHANNEL_LABELS[donation.channel]}），不能经微信支付退款`,
        );
      if (donation.status === DonationStatus.REFUNDING && donation.refundNo) {
        const current = await this.refunds.byOutRefundNo(donation.refundNo, tx);
        if (current) return current;
      }
      if (donation.status === DonationStatus.REFUND_FAILED)
        throw new InvalidTransitionError(`捐赠 ${receiptNo} 的退款已失败，请使用 retryRefund 重试`);
      if (donation.status !== DonationStatus.PAID && donation.status !== DonationStatus.REFUNDING)
        throw new InvalidTransitionError(`捐赠 ${receiptNo} 的状态为 ${donation.status}：只有已支付的捐赠可以退款`);
      const created = await this.refunds.insert(tx, {
        donationId: donation.id,
        outRefundNo: refundNoOf(receiptNo),
        reason: why.slice(0, 80),
        requestedByStaffId: actor.staffId,
        requestedByUsername: actor.username,
        requestedInRegionId: actor.regionId,
      });
      await this.donations.update(tx, donation.id, {
        status: DonationStatus.REFUNDING,
        refundNo: created.outRefundNo,
        refundAcceptedAt: null,
        refundFailureReason: null,
        refundFailedAt: null,
      });
      await this.audit.record(tx, actor, {
        action: 'donation.refund',
        targetType: 'donation',
        targetId: donation.id,
        regionId: actor.regionId,
        input: { receiptNo, reason: why, outRefundNo: created.outRefundNo },
      });
      await this.watch(tx, created);
      return created;
    });
    await this.submit(row, receiptNo);
    return this.require(receiptNo);
  }

  /**
   * A district admin sends a failed refund again. WeChat is asked first where the refund stands,
   * so one that has gone through since is completed, never sent twice. ABNORMAL: 发起异常退款 under
   * the same out_refund_no, to the merchant's bank account (the district pays the donor from there);
   * CLOSED: a new out_refund_no (WeChat's rule: a closed refund number is finished); REFUSED: the
   * same application again (WeChat never accepted it).
   */
  async retry(actor: StaffPrincipal, receiptNo: string): Promise<DonationEntity> {
    const donation = await this.require(receiptNo);
    if (donation.status !== DonationStatus.REFUND_FAILED || !donation.refundNo)
      throw new InvalidTransitionError(`捐赠 ${receiptNo} 的状态为 ${donation.status}：只有退款失败的捐赠可以重试`);
    const failedNo = donation.refundNo;
    let remote: WechatRefund | null = null;
    try {
      remote = await this.wechatPay.queryRefund(failedNo);
    } catch (err) {
      if (!isUnknownRefund(err)) throw err;
    }
    if (remote && remote.status !== 'ABNORMAL' && remote.status !== 'CLOSED') {
      // SUCCESS or PROCESSING since: applied as every report is; nothing is sent again.
      await this.apply(remote, { kind: 'query' });
      if (remote.status === 'PROCESSING') await this.resume(actor, receiptNo, failedNo, remote);
      return this.require(receiptNo);
    }
    if (remote) await this.apply(remote, { kind: 'query' });
    const plan = await this.transactions.run(async (tx) => {
      const locked = await this.donations.lockByReceiptNo(tx, receiptNo);
      if (!locked || locked.status !== DonationStatus.REFUND_FAILED || locked.refundNo !== failedNo)
        throw new ConflictError(`捐赠 ${receiptNo} 的退款刚刚已被处理，请刷新后再看`);
      const row = await this.refunds.lockByOutRefundNo(tx, failedNo);
      if (!row) throw new NotFoundError('Refund', failedNo);
      const now = new Date();
      const requestedBy = {
        requestedByStaffId: actor.staffId,
        requestedByUsername: actor.username,
        requestedInRegionId: actor.regionId,
      };
      let next: DonationRefundEntity;
      let mode: 'apply-abnormal-refund' | 'new-refund-no' | 'same-refund-no';
      if (row.state === RefundState.CLOSED) {
        mode = 'new-refund-no';
        const count = await this.refunds.countOf(tx, locked.id);
        next = await this.refunds.insert(tx, {
          donationId: locked.id,
          outRefundNo: `${refundNoOf(receiptNo)}-${count + 1}`,
          reason: row.reason,
          ...requestedBy,
        });
      } else {
        mode = row.state === RefundState.ABNORMAL ? 'apply-abnormal-refund' : 'same-refund-no';
        const changes: Partial<DonationRefundEntity> = {
          state: row.state === RefundState.ABNORMAL ? RefundState.PROCESSING : RefundState.REQUESTED,
          submissions: row.submissions + 1,
          resubmittedAt: now,
          failureReason: null,
          failedAt: null,
          ...requestedBy,
        };
        await this.refunds.update(tx, row.id, changes);
        next = Object.assign(row, changes);
      }
      await this.donations.update(tx, locked.id, {
        status: DonationStatus.REFUNDING,
        refundNo: next.outRefundNo,
        refundAcceptedAt: next.acceptedAt,
        refundFailureReason: null,
        refundFailedAt: null,
      });
      await this.audit.record(tx, actor, {
        action: 'donation.refund_retry',
        targetType: 'donation',
        targetId: locked.id,
        regionId: actor.regionId,
        input: { receiptNo, outRefundNo: next.outRefundNo, previousOutRefundNo: failedNo, mode },
      });
      await this.watch(tx, next);
      return { row: next, mode };
    });
    if (plan.mode === 'apply-abnormal-refund') await this.submitAbnormal(plan.row);
    else await this.submit(plan.row, receiptNo);
    return this.require(receiptNo);
  }

  /** A verified, decrypted REFUND.* notification. */
  applyNotification(
    event: string,
    plain: {
      mchid: string;
      out_trade_no: string;
      out_refund_no: string;
      refund_id?: string;
      refund_status: string;
      success_time?: string;
      amount: { refund: number; total: number };
    },
    writtenAt: Date | null,
  ): Promise<RefundOutcome> {
    if (plain.mchid !== this.keys.mchid)
      throw new PaymentMismatchError(`退款 ${plain.out_refund_no} 属于其他商户号 ${plain.mchid}`);
    return this.apply(
      {
        refund_id: plain.refund_id ?? '',
        out_refund_no: plain.out_refund_no,
        out_trade_no: plain.out_trade_no,
        status: plain.refund_status,
        success_time: plain.success_time,
        amount: plain.amount,
      },
      { kind: 'notification', event, writtenAt },
    );
  }

  /**
   * The refund query job: WeChat is asked where the refund stands and the answer applied as a
   * notification would be. PROCESSING throws, so the job is tried again later; a refund WeChat
   * never accepted (the request was lost) is sent again under the same number, then watched.
   */
  async query(outRefundNo: string): Promise<RefundOutcome> {
    const row = await this.refunds.byOutRefundNo(outRefundNo);
    if (!row) throw new NotFoundError('Refund', outRefundNo);
    const donation = await this.donations.byId(row.donationId);
    if (!donation || donation.status !== DonationStatus.REFUNDING || donation.refundNo !== outRefundNo)
      return 'not refunding';
    let remote: WechatRefund;
    try {
      remote = await this.wechatPay.queryRefund(outRefundNo);
    } catch (err) {
      if (!isUnknownRefund(err)) throw err;
      this.log.warn({ receiptNo: donation.receiptNo, outRefundNo }, 'WeChat Pay has no such refund: sent again');
      await this.submit(row, donation.receiptNo);
      throw new RefundStillProcessingError(`退款 ${outRefundNo} 在微信支付不存在，已按原单号重新申请，稍后再查`);
    }
    const outcome = await this.apply(remote, { kind: 'query' });
    if (outcome === 'processing') throw new RefundStillProcessingError(`退款 ${outRefundNo} 仍在处理中`);
    return outcome;
  }

  /** The donations whose refund failed, for district admins; most recent failure first. */
  failed(limit = 500): Promise<DonationEntity[]> {
    return this.refunds.failedDonations(limit);
  }

  /** Every refund request of a donation, oldest first. */
  requestsOf(donationId: string): Promise<DonationRefundEntity[]> {
    return this.refunds.ofDonation(donationId);
  }

  /**
   * Applies what WeChat said of a refund (an answer, a query, a notification): acceptance kept
   * (create_time: the bill's day), SUCCESS → REFUNDED through completeRefund, ABNORMAL or CLOSED →
   * REFUND_FAILED, once, however often or concurrently the same report arrives.
   */
  private async apply(remote: WechatRefund, source: RefundSource): Promise<RefundOutcome> {
    const row = await this.refunds.byOutRefundNo(remote.out_refund_no);
    if (!row) throw new NotFoundError('Refund', remote.out_refund_no);
    const donation = await this.donations.byId(row.donationId);
    if (!donation || donation.receiptNo !== remote.out_trade_no)
      throw new PaymentMismatchError(`退款 ${remote.out_refund_no} 不属于订单 ${remote.out_trade_no}`);
    if (remote.create_time || (remote.refund_id && !row.refundId)) await this.accepted(row, remote);
    switch (remote.status) {
      case 'SUCCESS': {
        // A notification has no create_time: WeChat is asked for it, so the refund is dated as its bill dates it.
        if (!row.acceptedAt && !remote.create_time && source.kind === 'notification') await this.learnAcceptance(row);
        const done = await this.donationService.completeRefund({
          mchid: this.keys.mchid,
          out_trade_no: remote.out_trade_no,
          out_refund_no: remote.out_refund_no,
          refund_status: 'SUCCESS',
          success_time: remote.success_time,
          amount: { refund: remote.amount.refund },
        });
        return done;
      }
      case 'ABNORMAL':
      case 'CLOSED':
        return this.fail(row.outRefundNo, remote.status, FAILURE_WORDS[remote.status], source);
      case 'PROCESSING':
        return 'processing';
      default:
        throw new PaymentMismatchError(`退款 ${remote.out_refund_no} 的状态 ${remote.status} 无法识别`);
    }
  }

  /**
   * REFUNDING → REFUND_FAILED with the reason, audited, exactly once per state of a refund: the
   * donation's row lock orders concurrent reports, and a second report of the same state finds it
   * done. A failure notification WeChat wrote before the refund was sent again is about the earlier
   * try and changes nothing (a query always tells the present).
   */
  private fail(
    outRefundNo: string,
    state: RefundState.ABNORMAL | RefundState.CLOSED | RefundState.REFUSED | 'ABNORMAL' | 'CLOSED',
    reason: string,
    source: RefundSource | { kind: 'refusal' },
  ): Promise<RefundOutcome> {
    const next = state as RefundState;
    return this.transactions.run(async (tx) => {
      const first = await this.refunds.byOutRefundNo(outRefundNo, tx);
      if (!first) throw new NotFoundError('Refund', outRefundNo);
      const donation = await this.donations.lockById(tx, first.donationId);
      const row = await this.refunds.lockByOutRefundNo(tx, outRefundNo);
      if (!donation || !row) throw new NotFoundError('Refund', outRefundNo);
      if (
        source.kind === 'notification' &&
        source.writtenAt &&
        row.resubmittedAt &&
        source.writtenAt.getTime() < row.resubmittedAt.getTime()
      )
        return 'stale';
      if (row.state === next && donation.status === DonationStatus.REFUND_FAILED && donation.refundNo === outRefundNo)
        return 'already failed';
      if (row.state === RefundState.SUCCESS || donation.status === DonationStatus.REFUNDED) {
        this.log.warn(
          { receiptNo: donation.receiptNo, outRefundNo, state: next },
          'a refund failure after its success',
        );
        return 'already refunded';
      }
      const now = new Date();
      await this.refunds.update(tx, row.id, { state: next, failureReason: reason, failedAt: now });
      const inForce = donation.refundNo === outRefundNo;
      const failing = donation.status === DonationStatus.REFUNDING || donation.status === DonationStatus.REFUND_FAILED;
      if (!inForce || !failing) return 'stale';
      await this.donations.update(tx, donation.id, {
        status: DonationStatus.REFUND_FAILED,
        refundFailureReason: reason,
        refundFailedAt: now,
      });
      await this.recordFailure(tx, donation, row, { state: next, reason, source });
      this.log.warn(
        { receiptNo: donation.receiptNo, outRefundNo, state: next, reason },
        'a refund failed: a district admin must retry it',
      );
      return 'failed';
    });
  }

  /** The audit of a failure WeChat decided, under the staff member whose refund it was. */
  private async recordFailure(
    tx: EntityManager,
    donation: DonationEntity,
    row: DonationRefundEntity,
    what: { state: RefundState; reason: string; source: RefundSource | { kind: 'refusal' } },
  ): Promise<void> {
    if (!row.requestedByStaffId || !row.requestedByUsername || !row.requestedInRegionId) {
      this.log.warn({ outRefundNo: row.outRefundNo }, 'a refund from before the audit of refunds failed; not audited');
      return;
    }
    const source =
      what.source.kind === 'notification'
        ? `微信支付通知 ${what.source.event}`
        : what.source.kind === 'query'
          ? '查询单笔退款'
          : '微信支付拒绝退款申请';
    await this.audit.record(
      tx,
      { staffId: row.requestedByStaffId, username: row.requestedByUsername },
      {
        action: 'donation.refund_failed',
        targetType: 'donation',
        targetId: donation.id,
        regionId: row.requestedInRegionId,
        input: {
          receiptNo: donation.receiptNo,
          outRefundNo: row.outRefundNo,
          refundState: what.state,
          reason: what.reason,
          source,
        },
      },
    );
  }

  /** WeChat accepted the refund: its refund_id and create_time kept (the first acceptance stands). */
  private async accepted(row: DonationRefundEntity, remote: WechatRefund): Promise<void> {
    const acceptedAt = remote.create_time ? new Date(remote.create_time) : null;
    await this.transactions.run(async (tx) => {
      const donation = await this.donations.lockById(tx, row.donationId);
      const locked = await this.refunds.lockByOutRefundNo(tx, row.outRefundNo);
      if (!donation || !locked) return;
      const changes: Partial<DonationRefundEntity> = {};
      if (!locked.refundId && remote.refund_id) changes.refundId = remote.refund_id;
      if (!locked.acceptedAt && acceptedAt) changes.acceptedAt = acceptedAt;
      if (locked.state === RefundState.REQUESTED && remote.status === 'PROCESSING')
        changes.state = RefundState.PROCESSING;
      if (Object.keys(changes).length > 0) await this.refunds.update(tx, locked.id, changes);
      Object.assign(row, locked, changes);
      if (donation.refundNo === row.outRefundNo && !donation.refundAcceptedAt && row.acceptedAt)
        await this.donations.update(tx, donation.id, { refundAcceptedAt: row.acceptedAt });
    });
  }

  private async learnAcceptance(row: DonationRefundEntity): Promise<void> {
    try {
      await this.accepted(row, await this.wechatPay.queryRefund(row.outRefundNo));
    } catch (err) {
      this.log.warn({ err, outRefundNo: row.outRefundNo }, 'the refund’s acceptance time could not be asked for');
    }
  }

  /** 申请退款 (again, for a retry or a lost request: same number, same parameters), and its answer applied. */
  private async submit(row: DonationRefundEntity, receiptNo: string): Promise<void> {
    const donation = await this.require(receiptNo);
    let answer: WechatRefund;
    try {
      answer = await this.wechatPay.refund({
        outTradeNo: receiptNo,
        outRefundNo: row.outRefundNo,
        reason: row.reason,
        refundFen: Number(donation.amountFen),
        totalFen: Number(donation.amountFen),
        notifyUrl: `${this.config.publicBaseUrl}/wechatpay/notify`,
      });
    } catch (err) {
      if (isRefusal(err)) {
        await this.fail(row.outRefundNo, RefundState.REFUSED, `微信支付拒绝了退款申请：${err.message}`, {
          kind: 'refusal',
        });
        return;
      }
      // No answer: the query job asks WeChat, and sends it again if WeChat never got it.
      this.log.warn(
        { err, receiptNo, outRefundNo: row.outRefundNo },
        'a refund request had no answer; the query job follows it',
      );
      return;
    }
    await this.apply(answer, { kind: 'query' });
  }

  /** 发起异常退款 of an ABNORMAL refund, and its answer applied. */
  private async submitAbnormal(row: DonationRefundEntity): Promise<void> {
    if (!row.refundId) throw new ConflictError(`退款 ${row.outRefundNo} 没有微信支付退款单号，无法发起异常退款`);
    let answer: WechatRefund;
    try {
      answer = await this.wechatPay.applyAbnormalRefund({
        refundId: row.refundId,
        outRefundNo: row.outRefundNo,
        to: 'MERCHANT_BANK_CARD',
      });
    } catch (err) {
      if (isRefusal(err)) {
        await this.fail(row.outRefundNo, RefundState.ABNORMAL, `微信支付拒绝了异常退款：${err.message}`, {
          kind: 'refusal',
        });
        return;
      }
      this.log.warn(
        { err, outRefundNo: row.outRefundNo },
        'an abnormal refund had no answer; the query job follows it',
      );
      return;
    }
    await this.apply(answer, { kind: 'query' });
  }

  /** A failed refund WeChat now says is PROCESSING again (handled on the merchant platform): REFUNDING, watched. */
  private async resume(actor: StaffPrincipal, receiptNo: string, outRefundNo: string, remote: WechatRefund) {
    await this.transactions.run(async (tx) => {
      const donation = await this.donations.lockByReceiptNo(tx, receiptNo);
      const row = await this.refunds.lockByOutRefundNo(tx, outRefundNo);
      if (!donation || !row || donation.status !== DonationStatus.REFUND_FAILED || donation.refundNo !== outRefundNo)
        return;
      const changes: Partial<DonationRefundEntity> = {
        state: RefundState.PROCESSING,
        submissions: row.submissions + 1,
        resubmittedAt: new Date(),
        failureReason: null,
        failedAt: null,
      };
      await this.refunds.update(tx, row.id, changes);
      await this.donations.update(tx, donation.id, {
        status: DonationStatus.REFUNDING,
        refundFailureReason: null,
        refundFailedAt: null,
      });
      await this.audit.record(tx, actor, {
        action: 'donation.refund_retry',
        targetType: 'donation',
        targetId: donation.id,
        regionId: actor.regionId,
        input: {
          receiptNo,
          outRefundNo,
          previousOutRefundNo: outRefundNo,
          mode: 'processing-at-wechat',
          status: remote.status,
        },
      });
      await this.watch(tx, Object.assign(row, changes));
    });
  }

  /** The query job of this sending, in the same transaction: a refund is never left unwatched. */
  private async watch(tx: EntityManager, row: DonationRefundEntity): Promise<void> {
    await this.outbox.add(tx, {
      queue: QueueName.DONATIONS,
      jobName: REFUND_QUERY_JOB,
      payload: { outRefundNo: row.outRefundNo },
      jobKey: refundQueryJobKey(row.outRefundNo, row.submissions),
      delayMs: this.config.refundQueryDelaySeconds * 1000,
    });
  }

  private async require(receiptNo: string): Promise<DonationEntity> {
    const found = await this.donations.byReceiptNo(receiptNo);
    if (!found) throw new NotFoundError('Donation', receiptNo, 'receiptNo');
    return found;
  }
}
