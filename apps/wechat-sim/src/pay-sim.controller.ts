import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { AppConfig, Public, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import {
  decryptResource,
  encryptResource,
  parseAuthorization,
  requestMessage,
  rsaVerify,
  WechatPayKeys,
} from '@shanchou/wechatpay';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PaySimStore, SimNotification, SimOrder, SimRefund, SimRefundEnd } from './pay-sim.store';
import { SimPlatformKeys, SimSigningKey, signWith } from './sim-keys';
import { SimOutage } from './sim-outage';
import { pathAtWechat, rfc3339Shanghai } from './sim-path';
import { isCalendarDate, renderTradeBill, shanghaiDay, shanghaiToday, SimBillRow } from './sim-trade-bill';

/** How long a bill's download_url works (WeChat: 30 seconds). */
export const BILL_URL_TTL_MS = 30_000;

/** WeChat Pay's retry schedule for notifications that were not answered with 200/204 (seconds). */
export const NOTIFY_RETRY_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export const PAY_SIM_OPTIONS = Symbol('PAY_SIM_OPTIONS');
export interface PaySimOptions {
  /** Multiplies the retry schedule: tests use 0.001 (15 s → 15 ms). */
  retryScale: number;
  /** How long a refund stays PROCESSING before it settles (WeChat: seconds to minutes to 零钱, days to a card). */
  refundSettleMs: number;
}

interface RawRequest extends FastifyRequest {
  rawBody?: Buffer;
}

interface JsapiOrder {
  appid?: string;
  mchid?: string;
  description?: string;
  out_trade_no?: string;
  notify_url?: string;
  amount?: { total?: number; currency?: string };
  payer?: { openid?: string };
}

const OUT_TRADE_NO = /^[\w*|-]{6,32}$/;
/** 商户退款单号: digits, letters, _-|*@, at most 64. */
const OUT_REFUND_NO = /^[\w|*@-]{1,64}$/;

const REFUND_EVENTS: Record<SimRefundEnd, { type: string; summary: string }> = {
  SUCCESS: { type: 'REFUND.SUCCESS', summary: '退款成功' },
  ABNORMAL: { type: 'REFUND.ABNORMAL', summary: '退款异常' },
  CLOSED: { type: 'REFUND.CLOSED', summary: '退款关闭' },
};

/**
 * WeChat Pay API v3 as the stand-in plays it, for the merchant and official account in config:
 * JSAPI orders, query, close, refunds, the trade bill and its download, and signed, encrypted
 * notifications retried on WeChat's schedule.
 *
 * Controls (not WeChat's; development and tests only), under the pay base URL:
 * - POST _sim/transactions/{out_trade_no}/pay[?notify=false]: the user pays (notification withheld with notify=false).
 * - GET  _sim/notifications?out_trade_no=: every notification sent, with its exact headers and body.
 * - GET  _sim/refunds?out_trade_no=: every refund of an order.
 * - POST _sim/refunds/{out_refund_no}/abnormal (or /close): that refund ends ABNORMAL (CLOSED) and its
 *   REFUND.ABNORMAL (REFUND.CLOSED) notification is sent; sent before the refund is requested, it arms
 *   that out_refund_no: the refund, when it comes, is accepted (PROCESSING) and then ends so.
 * - POST _sim/refunds/{out_refund_no}/withhold: that refund's notifications are never sent (armed likewise).
 * - POST _sim/bill/rows {out_trade_no, amount_fen, trade_time? | bill_date?, out_refund_no?, transaction_id?}:
 *   a row WeChat's bill has that the merchant may not: a payment, or a refund when out_refund_no is given.
 * - POST _sim/bill/adjust {out_trade_no | out_refund_no, amount_fen?, drop?}: the bill shows the payment
 *   (or the refund) with another amount, or leaves it out.
 * - POST _sim/bill/settings {serve_today?, corrupt_downloads?}: serve today's bill on request (WeChat
 *   never does), and cut every download short so its SHA-1 no longer matches.
 */
@Public()
@Controller()
export class PaySimController {
  constructor(
    private readonly config: AppConfig,
    @Inject(WechatPayKeys) private readonly keys: WechatPayKeys,
    @Inject(PaySimStore) private readonly store: PaySimStore,
    @Inject(PAY_SIM_OPTIONS) private readonly options: PaySimOptions,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
    @Inject(SimPlatformKeys) private readonly platformKeys: SimPlatformKeys,
    @Inject(SimOutage) private readonly outage: SimOutage,
  ) {}

  /** The key each notification was signed with when it was first sent; every delivery is signed anew with it. */
  private readonly notificationKeys = new WeakMap<SimNotification, SimSigningKey>();

  @Post('v3/pay/transactions/jsapi')
  jsapi(@Req() req: RawRequest, @Body() order: JsapiOrder, @Res() reply: FastifyReply): void {
    if (!this.authorized(req, reply)) return;
    const fail = (code: string, message: string) => this.answer(reply, 400, { code, message });
    if (order.appid !== this.config.wechat.appId) return fail('APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (order.mchid !== this.keys.mchid) return fail('MCH_NOT_EXISTS', '商户号不存在');
    if (!order.out_trade_no || !OUT_TRADE_NO.test(order.out_trade_no))
      return fail('PARAM_ERROR', 'out_trade_no 格式错误');
    if (!order.description || order.description.length > 127) return fail('PARAM_ERROR', 'description 缺失或过长');
    if (!order.notify_url || !/^https?:\/\//.test(order.notify_url)) return fail('PARAM_ERROR', 'notify_url 格式错误');
    const total = order.amount?.total;
    if (!Number.isSafeInteger(total) || (total ?? 0) <= 0) return fail('PARAM_ERROR', 'amount.total 必须为正整数(分)');
    if (!order.payer?.openid) return fail('PARAM_ERROR', 'payer.openid 缺失');
    const existing = this.store.orders.get(order.out_trade_no);
    if (existing) {
      if (existing.total !== total || existing.openid !== order.payer.openid)
        return fail('INVALID_REQUEST', '201 商户订单号重复');
      if (existing.tradeState === 'SUCCESS') return fail('ORDERPAID', '该订单已支付');
      return this.answer(reply, 200, { prepay_id: existing.prepayId });
    }
    const created: SimOrder = {
      appid: order.appid,
      mchid: order.mchid,
      description: order.description,
      outTradeNo: order.out_trade_no,
      notifyUrl: order.notify_url,
      total: total as number,
      openid: order.payer.openid,
      prepayId: this.store.newPrepayId(),
      tradeState: 'NOTPAY',
      createdAt: new Date().toISOString(),
    };
    this.store.orders.set(created.outTradeNo, created);
    this.answer(reply, 200, { prepay_id: created.prepayId });
  }

  @Get('v3/pay/transactions/out-trade-no/:outTradeNo')
  query(@Req() req: RawRequest, @Param('outTradeNo') outTradeNo: string, @Res() reply: FastifyReply): void {
    if (!this.authorized(req, reply)) return;
    const order = this.store.orders.get(outTradeNo);
    if (!order) return this.answer(reply, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    this.answer(reply, 200, this.transaction(order));
  }

  @Post('v3/pay/transactions/out-trade-no/:outTradeNo/close')
  close(@Req() req: RawRequest, @Param('outTradeNo') outTradeNo: string, @Res() reply: FastifyReply): void {
    if (!this.authorized(req, reply)) return;
    const order = this.store.orders.get(outTradeNo);
    if (!order) return this.answer(reply, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    if (order.tradeState === 'SUCCESS') return this.answer(reply, 400, { code: 'ORDERPAID', message: '订单已支付' });
    order.tradeState = 'CLOSED';
    this.answer(reply, 204);
  }

  /**
   * 申请退款: a refund of a paid order, accepted (PROCESSING, create_time now) and settled after the
   * stand-in's settlement time (success_time then), or ended ABNORMAL / CLOSED when a control armed
   * it. The same out_refund_no again answers the same refund; a new one may refund only what is left.
   */
  @Post('v3/refund/domestic/refunds')
  refund(
    @Req() req: RawRequest,
    @Body()
    body: {
      out_trade_no?: string;
      out_refund_no?: string;
      notify_url?: string;
      reason?: string;
      amount?: { refund?: number; total?: number; currency?: string };
    },
    @Res() reply: FastifyReply,
  ): void {
    if (!this.authorized(req, reply)) return;
    const fail = (status: number, code: string, message: string) => this.answer(reply, status, { code, message });
    if (!body.out_refund_no || !OUT_REFUND_NO.test(body.out_refund_no))
      return fail(400, 'PARAM_ERROR', 'out_refund_no 缺失或格式错误');
    const order = this.store.orders.get(body.out_trade_no ?? '');
    if (!order) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const existing = this.store.refunds.get(body.out_refund_no);
    if (existing) {
      if (existing.outTradeNo !== order.outTradeNo) return fail(400, 'INVALID_REQUEST', '商户退款单号已用于其他订单');
      return this.answer(reply, 200, this.refundView(existing));
    }
    if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND')
      return fail(400, 'INVALID_REQUEST', `订单状态为 ${order.tradeState}，不能退款`);
    const amount = body.amount?.refund;
    if (!Number.isSafeInteger(amount) || (amount ?? 0) <= 0 || body.amount?.total !== order.total)
      return fail(400, 'PARAM_ERROR', '退款金额参数错误');
    if (body.reason !== undefined && body.reason.length > 80) return fail(400, 'PARAM_ERROR', 'reason 超过 80 个字符');
    // Every refund of the order that is not CLOSED holds its money: never more than was paid.
    const held = [...this.store.refunds.values()]
      .filter((r) => r.outTradeNo === order.outTradeNo && r.status !== 'CLOSED')
      .reduce((sum, r) => sum + r.refund, 0);
    if (held + (amount as number) > order.total) return fail(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const arming = this.store.refundArmings.get(body.out_refund_no);
    this.store.refundArmings.delete(body.out_refund_no);
    const refund: SimRefund = {
      outTradeNo: order.outTradeNo,
      outRefundNo: body.out_refund_no,
      refundId: `5030${Date.now()}${randomBytes(4).toString('hex')}`,
      refund: amount as number,
      total: order.total,
      status: 'PROCESSING',
      notifyUrl: body.notify_url ?? order.notifyUrl,
      createTime: rfc3339Shanghai(new Date()),
      receivedAccount: '支付用户零钱',
      ending: arming?.ending ?? 'SUCCESS',
      withhold: arming?.withhold ?? false,
    };
    this.store.refunds.set(refund.outRefundNo, refund);
    this.answer(reply, 200, this.refundView(refund));
    this.settleLater(refund);
  }

  /** 查询单笔退款（按商户退款单号）: the refund as it stands, signed. */
  @Get('v3/refund/domestic/refunds/:outRefundNo')
  queryRefund(@Req() req: RawRequest, @Param('outRefundNo') outRefundNo: string, @Res() reply: FastifyReply): void {
    if (!this.authorized(req, reply)) return;
    const refund = this.store.refunds.get(outRefundNo);
    if (!refund) return this.answer(reply, 404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
    this.answer(reply, 200, this.refundView(refund));
  }

  /**
   * 发起异常退款: an ABNORMAL refund sent again, to the merchant's bank account (MERCHANT_BANK_CARD)
   * or to a bank card of the user's (USER_BANK_CARD, with bank_type, bank_account, real_name):
   * PROCESSING again under the same out_refund_no, then SUCCESS.
   */
  @Post('v3/refund/domestic/refunds/:refundId/apply-abnormal-refund')
  applyAbnormalRefund(
    @Req() req: RawRequest,
    @Param('refundId') refundId: string,
    @Body()
    body: { out_refund_no?: string; type?: string; bank_type?: string; bank_account?: string; real_name?: string },
    @Res() reply: FastifyReply,
  ): void {
    if (!this.authorized(req, reply)) return;
    const fail = (status: number, code: string, message: string) => this.answer(reply, status, { code, message });
    const refund = this.store.refunds.get(body.out_refund_no ?? '');
    if (!refund || refund.refundId !== refundId) return fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    if (body.type !== 'USER_BANK_CARD' && body.type !== 'MERCHANT_BANK_CARD')
      return fail(400, 'PARAM_ERROR', 'type 必须为 USER_BANK_CARD 或 MERCHANT_BANK_CARD');
    if (body.type === 'USER_BANK_CARD' && (!body.bank_type || !body.bank_account || !body.real_name))
      return fail(400, 'PARAM_ERROR', '退款至用户银行卡须填写 bank_type、bank_account、real_name');
    if (refund.status !== 'ABNORMAL')
      return fail(400, 'INVALID_REQUEST', `退款单状态为 ${refund.status}，不是退款异常`);
    refund.status = 'PROCESSING';
    refund.ending = 'SUCCESS';
    refund.receivedAccount = body.type === 'MERCHANT_BANK_CARD' ? '商户基本账户结算银行账户' : '用户银行卡';
    this.answer(reply, 200, this.refundView(refund));
    this.settleLater(refund);
  }

  /** Control: every refund of an order. */
  @Get('_sim/refunds')
  refunds(@Query('out_trade_no') outTradeNo: string | undefined): Record<string, unknown>[] {
    return [...this.store.refunds.values()]
      .filter((r) => !outTradeNo || r.outTradeNo === outTradeNo)
      .map((r) => this.refundView(r));
  }

  /**
   * Controls: the refund ends ABNORMAL (退款异常) or CLOSED (退款关闭) now, and its notification is
   * sent; before the refund is requested, the out_refund_no is armed: accepted, then ends so.
   */
  @Post('_sim/refunds/:outRefundNo/abnormal')
  @HttpCode(200)
  abnormalRefund(
    @Param('outRefundNo') outRefundNo: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Record<string, unknown> {
    return this.endRefund(outRefundNo, 'ABNORMAL', reply);
  }

  @Post('_sim/refunds/:outRefundNo/close')
  @HttpCode(200)
  closeRefund(
    @Param('outRefundNo') outRefundNo: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Record<string, unknown> {
    return this.endRefund(outRefundNo, 'CLOSED', reply);
  }

  /** Control: the refund's notifications are never sent (a lost notification); armed before it exists. */
  @Post('_sim/refunds/:outRefundNo/withhold')
  @HttpCode(200)
  withholdRefund(@Param('outRefundNo') outRefundNo: string): Record<string, unknown> {
    const refund = this.store.refunds.get(outRefundNo);
    if (refund) {
      refund.withhold = true;
      return this.refundView(refund);
    }
    const arming = this.store.refundArmings.get(outRefundNo) ?? {};
    this.store.refundArmings.set(outRefundNo, { ...arming, withhold: true });
    return { out_refund_no: outRefundNo, armed: true, withhold: true };
  }

  private endRefund(outRefundNo: string, ending: 'ABNORMAL' | 'CLOSED', reply: FastifyReply): Record<string, unknown> {
    if (!OUT_REFUND_NO.test(outRefundNo)) {
      void reply.status(400);
      return { code: 'PARAM_ERROR', message: 'out_refund_no 格式错误' };
    }
    const refund = this.store.refunds.get(outRefundNo);
    if (!refund) {
      const arming = this.store.refundArmings.get(outRefundNo) ?? {};
      this.store.refundArmings.set(outRefundNo, { ...arming, ending });
      return { out_refund_no: outRefundNo, armed: true, ending };
    }
    if (refund.status !== 'PROCESSING' && !(ending === 'CLOSED' && refund.status === 'ABNORMAL')) {
      void reply.status(409);
      return { code: 'INVALID_STATE', message: `退款单状态为 ${refund.status}` };
    }
    clearTimeout(refund.settleTimer);
    refund.ending = ending;
    this.settle(refund);
    return this.refundView(refund);
  }

  /** The bank takes its while: the refund stays PROCESSING for the settlement time, then ends. */
  private settleLater(refund: SimRefund): void {
    clearTimeout(refund.settleTimer);
    refund.settleTimer = setTimeout(() => this.settle(refund), this.options.refundSettleMs);
    refund.settleTimer.unref();
  }

  private settle(refund: SimRefund): void {
    refund.settleTimer = undefined;
    refund.status = refund.ending;
    if (refund.status === 'SUCCESS') {
      refund.successTime = rfc3339Shanghai(new Date());
      const order = this.store.orders.get(refund.outTradeNo);
      if (order) order.tradeState = 'REFUND';
    }
    if (!refund.withhold) this.notifyRefund(refund);
  }

  /** 查询单笔退款 answers this, as does 申请退款. */
  private refundView(r: SimRefund): Record<string, unknown> {
    const order = this.store.orders.get(r.outTradeNo);
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: order?.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: r.receivedAccount,
      success_time: r.successTime,
      create_time: r.createTime,
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.total,
        refund: r.refund,
        payer_total: r.total,
        payer_refund: r.refund,
        settlement_total: r.total,
        settlement_refund: r.refund,
        discount_refund: 0,
        currency: 'CNY',
      },
    };
  }

  private notifyRefund(r: SimRefund): void {
    const plain = {
      mchid: this.keys.mchid,
      transaction_id: this.store.orders.get(r.outTradeNo)?.transactionId,
      out_trade_no: r.outTradeNo,
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      refund_status: r.status,
      success_time: r.successTime,
      user_received_account: r.receivedAccount,
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
    const event = REFUND_EVENTS[r.status as SimRefundEnd];
    this.send(
      r.outTradeNo,
      r.notifyUrl,
      event.type,
      event.summary,
      encryptResource(this.keys.apiV3Key, JSON.stringify(plain), 'refund', 'refund'),
    );
  }

  /**
   * 申请交易账单: a day's trades (bill_type ALL; tar_type GZIP compresses), answered with the
   * file's SHA-1 and a download_url. Today and later: 400 INVALID_REQUEST (unless the control
   * serves today); a day without trades: 400 NO_STATEMENT_EXIST, as WeChat answers.
   */
  @Get('v3/bill/tradebill')
  tradeBill(
    @Req() req: RawRequest,
    @Query('bill_date') billDate: string | undefined,
    @Query('bill_type') billType: string | undefined,
    @Query('tar_type') tarType: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    if (!this.authorized(req, reply)) return;
    const date = billDate ?? '';
    if (!isCalendarDate(date))
      return this.answer(reply, 400, { code: 'PARAM_ERROR', message: 'bill_date 格式错误，应为 yyyy-MM-dd' });
    if ((billType ?? 'ALL') !== 'ALL')
      return this.answer(reply, 400, { code: 'PARAM_ERROR', message: '模拟环境仅提供 bill_type=ALL' });
    if (tarType !== undefined && tarType !== 'GZIP')
      return this.answer(reply, 400, { code: 'PARAM_ERROR', message: 'tar_type 仅支持 GZIP' });
    const today = shanghaiToday();
    if (date > today || (date === today && !this.store.billSettings.serveToday))
      return this.answer(reply, 400, { code: 'INVALID_REQUEST', message: '只能申请今天以前的账单' });
    const rows = this.billRows(date);
    if (rows.length === 0) return this.answer(reply, 400, { code: 'NO_STATEMENT_EXIST', message: '账单文件不存在' });
    const text = Buffer.from(renderTradeBill(rows, { appid: this.config.wechat.appId, mchid: this.keys.mchid }));
    const bytes = tarType === 'GZIP' ? gzipSync(text) : text;
    for (const [token, file] of this.store.billFiles)
      if (file.expiresAt < Date.now()) this.store.billFiles.delete(token);
    const token = randomBytes(24).toString('base64url');
    this.store.billFiles.set(token, { bytes, gzip: tarType === 'GZIP', expiresAt: Date.now() + BILL_URL_TTL_MS });
    this.answer(reply, 200, {
      hash_type: 'SHA1',
      // WeChat: the SHA-1 of the bill itself, also when it is served compressed.
      hash_value: createHash('sha1').update(text).digest('hex'),
      download_url: `${this.config.wechat.payBaseUrl}/v3/billdownload/file?token=${token}`,
    });
  }

  /** 下载账单: the file itself, for a signed request; not signed, as WeChat serves it (the SHA-1 vouches). */
  @Get('v3/billdownload/file')
  billFile(@Req() req: RawRequest, @Query('token') token: string | undefined, @Res() reply: FastifyReply): void {
    if (!this.authorized(req, reply)) return;
    const file = this.store.billFiles.get(token ?? '');
    if (!file || file.expiresAt < Date.now())
      return this.answer(reply, 400, { code: 'INVALID_REQUEST', message: '下载链接已过期或不存在' });
    // corrupt_downloads: the transfer is cut short, as a broken connection would leave it.
    const bytes = this.store.billSettings.corruptDownloads ? file.bytes.subarray(0, file.bytes.length - 8) : file.bytes;
    void reply
      .status(200)
      .header('content-type', file.gzip ? 'application/x-gzip' : 'text/plain; charset=utf-8')
      .send(bytes);
  }

  /** Control: a row in WeChat's bill the merchant may not have (a payment; a refund with out_refund_no). */
  @Post('_sim/bill/rows')
  addBillRow(
    @Body()
    body: {
      out_trade_no?: string;
      amount_fen?: number;
      trade_time?: string;
      bill_date?: string;
      out_refund_no?: string;
      transaction_id?: string;
      openid?: string;
      description?: string;
    },
    @Res() reply: FastifyReply,
  ): void {
    const fail = (message: string) => void reply.status(400).send({ code: 'PARAM_ERROR', message });
    if (!body.out_trade_no || !OUT_TRADE_NO.test(body.out_trade_no)) return fail('out_trade_no is required');
    if (!Number.isSafeInteger(body.amount_fen) || (body.amount_fen ?? 0) <= 0)
      return fail('amount_fen must be a positive whole number of fen');
    if (body.bill_date !== undefined && !isCalendarDate(body.bill_date)) return fail('bill_date must be yyyy-MM-dd');
    const tradeTime = body.trade_time
      ? new Date(body.trade_time)
      : body.bill_date
        ? new Date(`${body.bill_date}T12:00:00+08:00`)
        : new Date();
    if (Number.isNaN(tradeTime.getTime())) return fail('trade_time must be an RFC 3339 time');
    const refund = body.out_refund_no !== undefined;
    const amountFen = Number(body.amount_fen);
    const row: SimBillRow = {
      tradeTime,
      transactionId: body.transaction_id ?? this.store.newTransactionId(),
      outTradeNo: body.out_trade_no,
      openid: body.openid ?? 'oSim-bill-only-user',
      tradeState: refund ? 'REFUND' : 'SUCCESS',
      description: body.description ?? '模拟账单行',
      totalFen: amountFen,
      ...(refund ? { outRefundNo: body.out_refund_no, refundId: `5030${Date.now()}`, refundFen: amountFen } : {}),
    };
    this.store.extraBillRows.push(row);
    void reply.status(200).send({ ...row, tradeTime: rfc3339Shanghai(row.tradeTime) });
  }

  /** Control: the bill shows a payment (out_trade_no) or a refund (out_refund_no) with another amount, or not at all. */
  @Post('_sim/bill/adjust')
  adjustBill(
    @Body() body: { out_trade_no?: string; out_refund_no?: string; amount_fen?: number; drop?: boolean },
    @Res() reply: FastifyReply,
  ): void {
    const fail = (message: string) => void reply.status(400).send({ code: 'PARAM_ERROR', message });
    const key = body.out_refund_no ? `R:${body.out_refund_no}` : body.out_trade_no ? `P:${body.out_trade_no}` : '';
    if (!key) return fail('out_trade_no (a payment row) or out_refund_no (a refund row) is required');
    if (body.amount_fen !== undefined && (!Number.isSafeInteger(body.amount_fen) || body.amount_fen <= 0))
      return fail('amount_fen must be a positive whole number of fen');
    if (body.amount_fen === undefined && body.drop !== true) return fail('give amount_fen, or drop: true');
    this.store.billAdjustments.set(key, { amountFen: body.amount_fen, drop: body.drop === true });
    void reply.status(200).send({ row: key, ...this.store.billAdjustments.get(key) });
  }

  /** Control: serve today's bill on request, and corrupt downloads (SHA-1 mismatch). */
  @Post('_sim/bill/settings')
  @HttpCode(200)
  billSettings(@Body() body: { serve_today?: boolean; corrupt_downloads?: boolean }): {
    serve_today: boolean;
    corrupt_downloads: boolean;
  } {
    const settings = this.store.billSettings;
    if (typeof body.serve_today === 'boolean') settings.serveToday = body.serve_today;
    if (typeof body.corrupt_downloads === 'boolean') settings.corruptDownloads = body.corrupt_downloads;
    return { serve_today: settings.serveToday, corrupt_downloads: settings.corruptDownloads };
  }

  /** A day's bill rows: payments that succeeded that day, refunds accepted that day that succeeded, extras, adjustments. */
  private billRows(date: string): SimBillRow[] {
    const { from, to } = shanghaiDay(date);
    const within = (at: number) => at >= from && at < to;
    const rows: SimBillRow[] = [];
    for (const o of this.store.orders.values()) {
      if (!o.successTime || !o.transactionId || !within(Date.parse(o.successTime))) continue;
      rows.push({
        tradeTime: new Date(o.successTime),
        transactionId: o.transactionId,
        outTradeNo: o.outTradeNo,
        openid: o.openid,
        tradeState: 'SUCCESS',
        description: o.description,
        totalFen: o.total,
      });
    }
    for (const r of this.store.refunds.values()) {
      const order = this.store.orders.get(r.outTradeNo);
      // The bill dates a refund by when WeChat accepted it (create_time), not by when it settled.
      if (r.status !== 'SUCCESS' || !order || !within(Date.parse(r.createTime))) continue;
      rows.push({
        tradeTime: new Date(r.createTime),
        transactionId: order.transactionId ?? '',
        outTradeNo: r.outTradeNo,
        openid: order.openid,
        tradeState: 'REFUND',
        description: order.description,
        totalFen: order.total,
        refundId: r.refundId,
        outRefundNo: r.outRefundNo,
        refundFen: r.refund,
      });
    }
    rows.push(...this.store.extraBillRows.filter((r) => within(r.tradeTime.getTime())));
    return rows
      .flatMap((row) => {
        const key = row.tradeState === 'REFUND' ? `R:${row.outRefundNo}` : `P:${row.outTradeNo}`;
        const change = this.store.billAdjustments.get(key);
        if (change?.drop) return [];
        if (change?.amountFen === undefined) return [row];
        return [
          row.tradeState === 'REFUND'
            ? { ...row, refundFen: change.amountFen }
            : { ...row, totalFen: change.amountFen },
        ];
      })
      .sort((a, b) => a.tradeTime.getTime() - b.tradeTime.getTime());
  }

  /** Control: the user pays. The order succeeds and its notification goes out, retried until answered. */
  @Post('_sim/transactions/:outTradeNo/pay')
  @HttpCode(200)
  pay(
    @Param('outTradeNo') outTradeNo: string,
    @Query('notify') notify?: string,
  ): { trade_state: string } | { code: string; message: string } {
    const order = this.store.orders.get(outTradeNo);
    if (!order) return { code: 'ORDER_NOT_EXIST', message: '订单不存在' };
    if (order.tradeState !== 'NOTPAY') return { code: 'ORDER_STATE', message: `订单状态为 ${order.tradeState}` };
    order.tradeState = 'SUCCESS';
    order.transactionId = this.store.newTransactionId();
    order.successTime = rfc3339Shanghai(new Date());
    // ?notify=false plays a notification that never arrives.
    if (notify !== 'false') this.notify(order);
    return { trade_state: order.tradeState };
  }

  /** Control: every notification sent for an order, with its exact headers and body. */
  @Get('_sim/notifications')
  notifications(@Query('out_trade_no') outTradeNo: string | undefined): SimNotification[] {
    return this.store.notifications.filter((n) => !outTradeNo || n.outTradeNo === outTradeNo);
  }

  private transaction(order: SimOrder): Record<string, unknown> {
    return {
      appid: order.appid,
      mchid: order.mchid,
      out_trade_no: order.outTradeNo,
      transaction_id: order.transactionId,
      trade_type: 'JSAPI',
      trade_state: order.tradeState,
      trade_state_desc: { NOTPAY: '未支付', SUCCESS: '支付成功', CLOSED: '已关闭', REFUND: '转入退款' }[
        order.tradeState
      ],
      bank_type: order.tradeState === 'SUCCESS' ? 'OTHERS' : undefined,
      success_time: order.successTime,
      payer: { openid: order.openid },
      amount: { total: order.total, payer_total: order.total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  private notify(order: SimOrder): void {
    const resource = encryptResource(
      this.keys.apiV3Key,
      JSON.stringify(this.transaction(order)),
      'transaction',
      'transaction',
    );
    this.send(order.outTradeNo, order.notifyUrl, 'TRANSACTION.SUCCESS', '支付成功', resource);
  }

  private send(outTradeNo: string, url: string, eventType: string, summary: string, resource: object): void {
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: rfc3339Shanghai(new Date()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource,
    });
    const notification: SimNotification = {
      id: randomUUID(),
      outTradeNo,
      url,
      headers: { 'content-type': 'application/json' },
      body,
      deliveries: [],
      delivered: false,
    };
    this.notificationKeys.set(notification, this.platformKeys.forNotification());
    this.store.notifications.push(notification);
    void this.deliver(notification, 0);
  }

  /**
   * One delivery, held while the pay API is down, and signed at the moment it goes out (WeChat
   * re-signs every retry: a first signature reused would be refused as stale after five minutes).
   * `headers` keeps the latest delivery's, so a test can replay exactly what was last sent.
   */
  private async deliver(n: SimNotification, attempt: number): Promise<void> {
    await this.outage.up();
    const key = this.notificationKeys.get(n) ?? this.platformKeys.certificate;
    n.headers = { 'content-type': 'application/json', ...signWith(key, n.body) };
    let status: number | 'network error';
    try {
      status = (
        await fetch(n.url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(5000) })
      ).status;
    } catch {
      status = 'network error';
    }
    n.deliveries.push({ at: new Date().toISOString(), status });
    if (status === 200 || status === 204) {
      n.delivered = true;
      return;
    }
    const wait = NOTIFY_RETRY_SECONDS[attempt];
    if (wait === undefined) {
      this.log.warn({ outTradeNo: n.outTradeNo }, 'the stand-in gave up delivering a notification');
      return;
    }
    setTimeout(() => void this.deliver(n, attempt + 1), wait * 1000 * this.options.retryScale).unref();
  }

  /**
   * Checks the merchant's Authorization over the raw request, whose path is signed as WeChat sees
   * it (relative to the base URL); answers 401 SIGN_ERROR when wrong, 400 INVALID_REQUEST to a
   * Wechatpay-Serial WeChat Pay never issued, and 503 SYSTEM_ERROR to everything while it is down.
   */
  private authorized(req: RawRequest, reply: FastifyReply): boolean {
    if (this.outage.down) {
      this.answer(reply, 503, { code: 'SYSTEM_ERROR', message: '系统繁忙，请稍后重试' });
      return false;
    }
    const auth = parseAuthorization(req.headers.authorization);
    const sim = this.keys.sim;
    const body = req.rawBody?.toString('utf8') ?? '';
    const ok =
      !!auth &&
      !!sim &&
      auth.mchid === this.keys.mchid &&
      auth.serialNo === this.keys.merchantSerial &&
      Math.abs(Date.now() / 1000 - Number(auth.timestamp)) <= 300 &&
      rsaVerify(
        requestMessage(req.method, pathAtWechat(req.url), auth.timestamp, auth.nonceStr, body),
        auth.signature,
        sim.merchantPublicKey,
      );
    if (!ok) {
      this.answer(reply, 401, { code: 'SIGN_ERROR', message: '签名错误' });
      return false;
    }
    if (!this.platformKeys.forAnswer(requestSerial(req))) {
      this.answer(reply, 400, {
        code: 'INVALID_REQUEST',
        message: 'Wechatpay-Serial 错误：不是该商户的微信支付公钥ID或平台证书序列号',
      });
      return false;
    }
    return true;
  }

  /**
   * Every answer signed, 204s (an empty body) too, with the key the request's Wechatpay-Serial
   * names (the certificate when it names none, or one WeChat Pay does not know).
   */
  private answer(reply: FastifyReply, status: number, payload?: Record<string, unknown>): void {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const key = this.platformKeys.forAnswer(requestSerial(reply.request)) ?? this.platformKeys.certificate;
    void reply
      .status(status)
      .headers({ ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...signWith(key, body) })
      .send(payload === undefined ? undefined : body);
  }
}

function requestSerial(req: FastifyRequest): string | undefined {
  const serial = req.headers['wechatpay-serial'];
  return Array.isArray(serial) ? serial[0] : serial;
}

/** For tests: what the merchant side does with a notification body, using the same key set. */
export function decryptNotification(keys: WechatPayKeys, body: string): Record<string, unknown> | null {
  const parsed = JSON.parse(body) as { resource: { ciphertext: string; associated_data: string; nonce: string } };
  const plain = decryptResource(keys.apiV3Key, parsed.resource);
  return plain ? (JSON.parse(plain) as Record<string, unknown>) : null;
}
