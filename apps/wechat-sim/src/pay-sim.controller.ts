import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { AppConfig, Public, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import {
  decryptResource,
  encryptResource,
  nonce,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
  WechatPayKeys,
} from '@shanchou/wechatpay';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PaySimStore, SimNotification, SimOrder, SimRefund } from './pay-sim.store';
import { pathAtWechat, rfc3339Shanghai } from './sim-path';

/** WeChat Pay's retry schedule for notifications that were not answered with 200/204 (seconds). */
export const NOTIFY_RETRY_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];

export const PAY_SIM_OPTIONS = Symbol('PAY_SIM_OPTIONS');
export interface PaySimOptions {
  /** Multiplies the retry schedule: tests use 0.001 (15 s → 15 ms). */
  retryScale: number;
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

/**
 * WeChat Pay API v3 as the stand-in plays it, for the merchant and official account in config:
 * JSAPI orders, query, close, and signed, encrypted notifications retried on WeChat's schedule.
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
  ) {}

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
    void reply.status(204).send();
  }

  /** A refund of a paid order; the same out_refund_no again answers the same refund. */
  @Post('v3/refund/domestic/refunds')
  refund(
    @Req() req: RawRequest,
    @Body()
    body: {
      out_trade_no?: string;
      out_refund_no?: string;
      notify_url?: string;
      amount?: { refund?: number; total?: number };
    },
    @Res() reply: FastifyReply,
  ): void {
    if (!this.authorized(req, reply)) return;
    const order = this.store.orders.get(body.out_trade_no ?? '');
    if (!order) return this.answer(reply, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
    const existing = this.store.refunds.get(body.out_refund_no ?? '');
    if (existing) return this.answer(reply, 200, this.refundView(existing));
    if (order.tradeState !== 'SUCCESS')
      return this.answer(reply, 403, { code: 'NOT_ENOUGH', message: `订单状态为 ${order.tradeState}` });
    const amount = body.amount?.refund;
    if (
      !body.out_refund_no ||
      !Number.isSafeInteger(amount) ||
      (amount ?? 0) <= 0 ||
      (amount ?? 0) > order.total ||
      body.amount?.total !== order.total
    ) {
      return this.answer(reply, 400, { code: 'PARAM_ERROR', message: '退款参数错误' });
    }
    const refund: SimRefund = {
      outTradeNo: order.outTradeNo,
      outRefundNo: body.out_refund_no,
      refundId: `5030${Date.now()}`,
      refund: amount as number,
      total: order.total,
      status: 'PROCESSING',
      notifyUrl: body.notify_url ?? order.notifyUrl,
    };
    this.store.refunds.set(refund.outRefundNo, refund);
    this.answer(reply, 200, this.refundView(refund));
    // The bank settles a moment later; then the refund notification goes out.
    setTimeout(() => {
      refund.status = 'SUCCESS';
      refund.successTime = rfc3339Shanghai(new Date());
      order.tradeState = 'REFUND';
      this.notifyRefund(refund);
    }, 10).unref();
  }

  /** Control: every refund of an order. */
  @Get('_sim/refunds')
  refunds(@Query('out_trade_no') outTradeNo: string | undefined): Record<string, unknown>[] {
    return [...this.store.refunds.values()]
      .filter((r) => !outTradeNo || r.outTradeNo === outTradeNo)
      .map((r) => this.refundView(r));
  }

  private refundView(r: SimRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      out_trade_no: r.outTradeNo,
      status: r.status,
      success_time: r.successTime,
      amount: { refund: r.refund, total: r.total, currency: 'CNY' },
    };
  }

  private notifyRefund(r: SimRefund): void {
    const plain = {
      mchid: this.keys.mchid,
      out_trade_no: r.outTradeNo,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: 'SUCCESS',
      success_time: r.successTime,
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
    this.send(
      r.outTradeNo,
      r.notifyUrl,
      'REFUND.SUCCESS',
      '退款成功',
      encryptResource(this.keys.apiV3Key, JSON.stringify(plain), 'refund', 'refund'),
    );
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
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource,
    });
    const notification: SimNotification = {
      id: randomUUID(),
      outTradeNo,
      url,
      headers: { 'content-type': 'application/json', ...this.signedHeaders(body) },
      body,
      deliveries: [],
      delivered: false,
    };
    this.store.notifications.push(notification);
    void this.deliver(notification, 0);
  }

  private async deliver(n: SimNotification, attempt: number): Promise<void> {
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

  private signedHeaders(body: string): Record<string, string> {
    const sim = this.keys.sim;
    if (!sim) throw new Error('the stand-in needs the development key set');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonceStr = nonce();
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonceStr,
      'wechatpay-serial': this.keys.platformSerial,
      'wechatpay-signature': rsaSign(responseMessage(timestamp, nonceStr, body), sim.platformPrivateKey),
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    };
  }

  /**
   * Checks the merchant's Authorization over the raw request, whose path is signed as WeChat sees
   * it (relative to the base URL); answers 401 SIGN_ERROR when wrong.
   */
  private authorized(req: RawRequest, reply: FastifyReply): boolean {
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
    if (!ok) this.answer(reply, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    return ok;
  }

  private answer(reply: FastifyReply, status: number, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    void reply
      .status(status)
      .headers({ 'content-type': 'application/json', ...this.signedHeaders(body) })
      .send(body);
  }
}

/** For tests: what the merchant side does with a notification body, using the same key set. */
export function decryptNotification(keys: WechatPayKeys, body: string): Record<string, unknown> | null {
  const parsed = JSON.parse(body) as { resource: { ciphertext: string; associated_data: string; nonce: string } };
  const plain = decryptResource(keys.apiV3Key, parsed.resource);
  return plain ? (JSON.parse(plain) as Record<string, unknown>) : null;
}
