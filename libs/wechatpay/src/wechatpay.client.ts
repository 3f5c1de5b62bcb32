import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@shanchou/core';
import { authorizationHeader, verifySignedBody } from './wechatpay-crypto';
import { WechatPayKeys } from './wechatpay-keys';

export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay answered ${status} ${code}: ${message}`);
    this.name = 'WechatPayError';
  }
}

export interface JsapiOrder {
  description: string;
  outTradeNo: string;
  notifyUrl: string;
  totalFen: number;
  openid: string;
  /** Orders expire at WeChat after this (RFC 3339). */
  timeExpire?: Date;
}

export interface WechatTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  success_time?: string;
  amount: { total: number; payer_total?: number; currency?: string };
  payer?: { openid: string };
}

const TIMEOUT_MS = 10_000;

/**
 * The merchant side of WeChat Pay API v3 at WECHATPAY_BASE_URL (WeChat in production, the
 * stand-in otherwise): signed requests, and answers believed only when WeChat Pay signed them.
 */
@Injectable()
export class WechatPayClient {
  constructor(
    private readonly config: AppConfig,
    @Inject(WechatPayKeys) private readonly keys: WechatPayKeys,
  ) {}

  async jsapi(order: JsapiOrder): Promise<string> {
    const body = {
      appid: this.config.wechat.appId,
      mchid: this.keys.mchid,
      description: order.description,
      out_trade_no: order.outTradeNo,
      notify_url: order.notifyUrl,
      amount: { total: order.totalFen, currency: 'CNY' },
      payer: { openid: order.openid },
      ...(order.timeExpire ? { time_expire: order.timeExpire.toISOString().replace(/\.\d{3}Z$/, '+00:00') } : {}),
    };
    const answer = await this.request<{ prepay_id: string }>('POST', '/v3/pay/transactions/jsapi', body);
    return answer.prepay_id;
  }

  query(outTradeNo: string): Promise<WechatTransaction> {
    return this.request(
      'GET',
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${this.keys.mchid}`,
    );
  }

  /** A refund; the same outRefundNo again never refunds twice (WeChat answers the same refund). */
  refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    reason: string;
    refundFen: number;
    totalFen: number;
    notifyUrl: string;
  }): Promise<{ status: string; refund_id: string }> {
    return this.request('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      reason: input.reason.slice(0, 80),
      notify_url: input.notifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    });
  }

  async close(outTradeNo: string): Promise<void> {
    await this.request('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.keys.mchid,
    });
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const base = new URL(this.config.wechat.payBaseUrl);
    const url = new URL(`${base.pathname.replace(/\/$/, '')}${path}`, base);
    const text = body ? JSON.stringify(body) : '';
    const res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: authorizationHeader(
          { mchid: this.keys.mchid, serialNo: this.keys.merchantSerial, privateKey: this.keys.merchantPrivateKey },
          method,
          `${url.pathname}${url.search}`,
          text,
        ),
      },
      body: body ? text : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const answer = await res.text();
    if (res.status === 204) return undefined as T;
    const verdict = verifySignedBody(
      Object.fromEntries(res.headers.entries()),
      answer,
      this.keys.platformKeys,
      Math.floor(Date.now() / 1000),
    );
    if (!verdict.ok)
      throw new WechatPayError(
        res.status,
        'UNSIGNED_ANSWER',
        `the answer failed its signature check (${verdict.reason})`,
      );
    const parsed = JSON.parse(answer) as T & { code?: string; message?: string };
    if (!res.ok) throw new WechatPayError(res.status, parsed.code ?? 'UNKNOWN', parsed.message ?? answer);
    return parsed;
  }
}
