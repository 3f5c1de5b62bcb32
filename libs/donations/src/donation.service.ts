import { Inject, Injectable } from '@nestjs/common';
import { CampaignService, MatchingService, OrganizationService } from '@shanchou/campaigns';
import {
  AppConfig,
  ConflictError,
  InputError,
  NotFoundError,
  OutboxService,
  QueueName,
  ROOT_LOGGER,
  RootLogger,
  Transactions,
} from '@shanchou/core';
import { DonorPrincipal, DonorService } from '@shanchou/identity';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import {
  jsapiPayParams,
  JsapiPayParams,
  WechatPayClient,
  WechatPayError,
  WechatPayKeys,
  WechatTransaction,
} from '@shanchou/wechatpay';
import { randomInt } from 'node:crypto';
import { DonationEntity, giverOf } from './donation.entity';
import { DonationChannel } from './donation-channel';
import { DonationCursor, DonationFilter, DonationRepository } from './donation.repository';
import { DONATION_OWNER } from './donation-ledger-owners';
import { DonationWaits } from './donation-waits';
import { MatchEntries } from './match-entries';
import { businessDateOf, businessDayBounds } from './business-day';
import { DONATION_STATUS_LABELS, DonationStatus } from './donation-status';
import { RefundState } from './donation-refund.entity';
import { RefundRepository } from './refund.repository';

export interface NewDonation {
  campaignId: string;
  amountFen: number;
  anonymous?: boolean;
  message?: string | null;
  /** On behalf of a work unit or party branch. */
  organizationId?: string | null;
}

export interface Checkout {
  donation: DonationEntity;
  payParams: JsapiPayParams;
}

/** A notification that does not fit its order: refused, nothing changes, WeChat will retry. */
export class PaymentMismatchError extends ConflictError {}

export const EXPIRE_DONATION_JOB = 'expire-donation';

/** SC + day + 14 random digits: 24 characters, a valid out_trade_no, not guessable. */
export function newReceiptNo(at = new Date()): string {
  let digits = '';
  for (let i = 0; i < 14; i++) digits += String(randomInt(10));
  return `SC${businessDateOf(at).replace(/-/g, '')}${digits}`;
}

/** 捐赠: checkout through WeChat Pay, and crediting a paid gift exactly once. */
@Injectable()
export class DonationService {
  constructor(
    private readonly donations: DonationRepository,
    private readonly refunds: RefundRepository,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly matching: MatchingService,
    private readonly donors: DonorService,
    private readonly ledger: LedgerService,
    private readonly wechatPay: WechatPayClient,
    @Inject(WechatPayKeys) private readonly keys: WechatPayKeys,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly waits: DonationWaits,
    private readonly matchEntries: MatchEntries,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /** A PENDING donation and a JSAPI order at WeChat Pay; payParams for WeixinJSBridge. */
  async checkout(donor: DonorPrincipal, input: NewDonation): Promise<Checkout> {
    const campaign = await this.campaigns.requireById(input.campaignId, 'input.campaignId');
    this.campaigns.assertAccepts(campaign, input.amountFen);
    if (input.organizationId) await this.organizations.requireById(input.organizationId, 'input.organizationId');
    const person = await this.donors.require(donor.donorId);
    const windowMs = this.config.paymentWindowSeconds * 1000;
    // The donation and its time-out are written together: an order never waits forever.
    const donation = await this.transactions.run(async (tx) => {
      const created = await this.donations.insert(tx, {
        receiptNo: newReceiptNo(),
        campaignId: campaign.id,
        donorId: person.id,
        amountFen: String(input.amountFen),
        anonymous: input.anonymous ?? false,
        // 署名 chosen by the donor, else WeChat's nickname (snsapi_base gives none): 爱心人士.
        donorName: person.displayName ?? person.nickname,
        message: input.message?.trim() || null,
        organizationId: input.organizationId ?? null,
      });
      await this.outbox.add(tx, {
        queue: QueueName.DONATIONS,
        jobName: EXPIRE_DONATION_JOB,
        payload: { receiptNo: created.receiptNo },
        jobKey: `${EXPIRE_DONATION_JOB}.${created.receiptNo}`,
        delayMs: windowMs,
      });
      return created;
    });
    let prepayId: string;
    try {
      prepayId = await this.wechatPay.jsapi({
        description: campaign.title.slice(0, 127),
        outTradeNo: donation.receiptNo,
        notifyUrl: `${this.config.publicBaseUrl}/wechatpay/notify`,
        totalFen: input.amountFen,
        openid: person.openid,
        timeExpire: new Date(Date.now() + windowMs),
      });
    } catch (err) {
      // No order at WeChat: the donation can never be paid, so it is closed, not left pending.
      await this.donations.close(donation.id);
      throw err;
    }
    await this.donations.setPrepayId(donation.id, prepayId);
    donation.prepayId = prepayId;
    return { donation, payParams: jsapiPayParams(this.config.wechat.appId, prepayId, this.keys.merchantPrivateKey) };
  }

  /**
   * Credits a payment WeChat Pay reported, in one transaction: donation PAID, organisation and
   * campaign totals, sponsors' matches, then the DONATION entry and one MATCH entry per pool.
   * A second report of the same payment changes nothing.
   */
  async creditPayment(tx: WechatTransaction): Promise<'credited' | 'already credited'> {
    if (tx.appid !== this.config.wechat.appId || tx.mchid !== this.keys.mchid) {
      throw new PaymentMismatchError(
        `支付 ${tx.out_trade_no} 属于另一个账号（appid ${tx.appid}，mchid ${tx.mchid}），不是本平台的`,
      );
    }
    if (tx.trade_state !== 'SUCCESS')
      throw new PaymentMismatchError(`支付 ${tx.out_trade_no} 的状态是 ${tx.trade_state}，不是支付成功（SUCCESS）`);
    return this.transactions.run(async (m) => {
      const donation = await this.donations.lockByReceiptNo(m, tx.out_trade_no);
      if (!donation) throw new NotFoundError('Donation', tx.out_trade_no);
      if (Number(donation.amountFen) !== tx.amount.total) {
        this.log.error(
          { receiptNo: donation.receiptNo, ordered: donation.amountFen, paid: tx.amount.total },
          'payment amount does not match the order',
        );
        throw new PaymentMismatchError(
          `支付 ${tx.out_trade_no} 的金额是 ${tx.amount.total} 分，订单金额是 ${donation.amountFen} 分，两者不符`,
        );
      }
      if (donation.channel !== DonationChannel.WECHAT_PAY || !donation.donorId)
        throw new PaymentMismatchError(`捐赠 ${tx.out_trade_no} 是线下捐赠，不是微信支付的订单`);
      const donorId = donation.donorId;
      if (donation.status !== DonationStatus.PENDING && donation.status !== DonationStatus.CLOSED)
        return 'already credited';
      const campaign = await this.campaigns.requireById(donation.campaignId, 'campaignId', m);
      const amountFen = Number(donation.amountFen);
      // Locks are taken in one order everywhere: organisation, pools, campaign.
      if (donation.organizationId) {
        await this.organizations.tally(m, {
          organizationId: donation.organizationId,
          campaignId: donation.campaignId,
          donorId,
          amountFen,
          gifts: 1,
        });
      }
      const matches = await this.matching.match(m, {
        campaignId: donation.campaignId,
        donorId,
        amountFen,
      });
      await this.donations.update(m, donation.id, {
        status: DonationStatus.PAID,
        paidAt: tx.success_time ? new Date(tx.success_time) : new Date(),
        transactionId: tx.transaction_id ?? null,
      });
      // Queued for the public ledger, last: its seq (ledgerSeq) fills in within the merge delay.
      await this.ledger.append(m, {
        kind: LedgerKind.DONATION,
        amountFen,
        campaignId: donation.campaignId,
        donor: { name: donation.donorName, anonymous: donation.anonymous },
        memo: `${campaign.title} ${donation.receiptNo}`,
        owner: { kind: DONATION_OWNER, id: donation.id },
      });
      await this.matchEntries.record(m, donation, matches);
      // The campaign's totals are the row every gift touches: locked last, just before the commit,
      // so it is held for one round trip (DESIGN.md, hot rows), not for the whole credit.
      await this.campaigns.credit(m, donation.campaignId, amountFen, 1);
      // The donor's page is waiting on this gift: tell it once the credit has committed.
      Transactions.afterCommit(m, () => void this.waits.announce(donation.receiptNo));
      return 'credited';
    });
  }

  /**
   * The payment window has passed: ask WeChat Pay. Paid (a notification lost or late) → credited;
   * not paid → closed there, then CLOSED here. A payment racing the close is credited, never lost.
   */
  async expire(receiptNo: string): Promise<DonationStatus> {
    const donation = await this.byReceiptNo(receiptNo);
    if (!donation) throw new NotFoundError('Donation', receiptNo);
    if (donation.status !== DonationStatus.PENDING) return donation.status;
    // An offline gift has no order to time out: its remittance is confirmed or reversed by staff.
    if (donation.channel !== DonationChannel.WECHAT_PAY) return donation.status;
    if (donation.prepayId) {
      const remote = await this.wechatPay.query(receiptNo);
      if (remote.trade_state === 'SUCCESS') {
        await this.creditPayment(remote);
        return DonationStatus.PAID;
      }
      try {
        await this.wechatPay.close(receiptNo);
      } catch (err) {
        if (err instanceof WechatPayError && err.code === 'ORDERPAID') {
          await this.creditPayment(await this.wechatPay.query(receiptNo));
          return DonationStatus.PAID;
        }
        throw err;
      }
    }
    await this.transactions.run(async (tx) => {
      const locked = await this.donations.lockById(tx, donation.id);
      if (locked?.status === DonationStatus.PENDING) {
        await this.donations.update(tx, donation.id, { status: DonationStatus.CLOSED });
        // A page still waiting on the payment learns at once that the order closed.
        Transactions.afterCommit(tx, () => void this.waits.announce(receiptNo));
      }
    });
    return (await this.byReceiptNo(receiptNo))?.status ?? DonationStatus.CLOSED;
  }

  /**
   * WeChat Pay says the refund succeeded: REFUNDED, totals reduced, a REFUND ledger entry. Once,
   * whichever of the donation's refund numbers it names (RefundService calls it for notifications,
   * query answers and retries alike).
   */
  async completeRefund(refund: {
    mchid: string;
    out_trade_no: string;
    out_refund_no: string;
    refund_status: string;
    success_time?: string;
    amount: { refund: number };
  }): Promise<'refunded' | 'already refunded'> {
    if (refund.mchid !== this.keys.mchid)
      throw new PaymentMismatchError(`退款 ${refund.out_refund_no} 属于另一个商户，不是本平台的`);
    if (refund.refund_status !== 'SUCCESS')
      throw new PaymentMismatchError(
        `退款 ${refund.out_refund_no} 的状态是 ${refund.refund_status}，不是退款成功（SUCCESS）`,
      );
    return this.transactions.run(async (m) => {
      const donation = await this.donations.lockByReceiptNo(m, refund.out_trade_no);
      if (!donation) throw new NotFoundError('Donation', refund.out_trade_no);
      const row = await this.refunds.lockByOutRefundNo(m, refund.out_refund_no);
      if (!row || row.donationId !== donation.id || refund.amount.refund !== Number(donation.amountFen)) {
        throw new PaymentMismatchError(
          `退款 ${refund.out_refund_no} 与捐赠 ${donation.receiptNo} 对不上（单号或金额不符）`,
        );
      }
      if (donation.status === DonationStatus.REFUNDED) {
        if (donation.refundNo !== row.outRefundNo)
          this.log.error(
            { receiptNo: donation.receiptNo, refundNo: donation.refundNo, alsoRefunded: row.outRefundNo },
            'WeChat Pay reports a second successful refund of one donation',
          );
        return 'already refunded';
      }
      // REFUND_FAILED too: an ABNORMAL refund handled on the merchant platform still ends SUCCESS.
      if (
        donation.status !== DonationStatus.REFUNDING &&
        donation.status !== DonationStatus.PAID &&
        donation.status !== DonationStatus.REFUND_FAILED
      ) {
        throw new PaymentMismatchError(
          `捐赠 ${donation.receiptNo} ${DONATION_STATUS_LABELS[donation.status]}，没有可退的款项`,
        );
      }
      const amount = Number(donation.amountFen);
      if (donation.organizationId) {
        await this.organizations.tally(m, {
          organizationId: donation.organizationId,
          campaignId: donation.campaignId,
          donorId: giverOf(donation),
          amountFen: amount,
          gifts: -1,
        });
      }
      // Pools in id order, as matching locks them.
      const matches = await this.matchEntries.giveBack(m, donation);
      await this.ledger.append(m, {
        kind: LedgerKind.REFUND,
        amountFen: -amount,
        campaignId: donation.campaignId,
        donor: { name: donation.donorName, anonymous: donation.anonymous },
        memo: `退款 ${donation.receiptNo}`,
      });
      await this.matchEntries.recordReleases(m, donation, matches, '退款');
      const refundedAt = refund.success_time ? new Date(refund.success_time) : new Date();
      await this.refunds.update(m, row.id, {
        state: RefundState.SUCCESS,
        succeededAt: refundedAt,
        failureReason: null,
        failedAt: null,
      });
      await this.donations.update(m, donation.id, {
        status: DonationStatus.REFUNDED,
        refundedAt,
        refundNo: row.outRefundNo,
        // The day WeChat's bill puts the refund on: when it was accepted (its success, if never told).
        refundAcceptedAt: row.acceptedAt ?? refundedAt,
        refundFailureReason: null,
        refundFailedAt: null,
      });
      // The campaign's hot row last, as in the credit.
      await this.campaigns.credit(m, donation.campaignId, -amount, -1);
      Transactions.afterCommit(m, () => void this.waits.announce(donation.receiptNo));
      return 'refunded';
    });
  }

  /** A donor's PAID (and later refunded-not) gifts of one Asia/Shanghai calendar year. */
  paidInYear(donorId: string, year: number): Promise<DonationEntity[]> {
    const { from } = businessDayBounds(`${year}-01-01`);
    const { from: to } = businessDayBounds(`${year + 1}-01-01`);
    return this.donations.paidBetween(donorId, from, to);
  }

  byReceiptNo(receiptNo: string): Promise<DonationEntity | null> {
    return this.donations.byReceiptNo(receiptNo);
  }

  /** 捐赠查询 for staff: every order, newest placed first; `before` from the previous page. */
  search(filter: DonationFilter, before: DonationCursor | null, limit: number): Promise<DonationEntity[]> {
    checkFilter(filter);
    return this.donations.search(filter, before, limit);
  }

  /** Paid gifts oldest payment first, `batch` at a time, for exports. */
  async *paidInBatches(filter: DonationFilter, batch = 1000): AsyncGenerator<DonationEntity[]> {
    checkFilter(filter);
    let after: DonationCursor | null = null;
    for (;;) {
      const rows = await this.donations.paidInOrder(filter, after, batch);
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1].id;
    }
  }

  ofDonor(donorId: string): Promise<DonationEntity[]> {
    return this.donations.ofDonor(donorId, 200);
  }

  /** The pools' matches of each gift still standing (not given back by a refund): one query for the lot. */
  async matchedFenOf(donationIds: readonly string[]): Promise<number[]> {
    const totals = await this.donations.matchedFenByDonation(donationIds);
    return donationIds.map((id) => totals.get(id) ?? 0);
  }
}

function checkFilter(filter: DonationFilter): void {
  if (filter.minFen !== undefined && filter.maxFen !== undefined && filter.minFen > filter.maxFen) {
    throw new InputError('maxAmountFen', `最高金额 ${filter.maxFen} 分低于最低金额 ${filter.minFen} 分`);
  }
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw new InputError('to', '结束时间应晚于开始时间');
  }
}
