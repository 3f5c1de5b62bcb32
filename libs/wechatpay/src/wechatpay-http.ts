import { KeyObject } from 'node:crypto';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import { verifySignedBody } from './wechatpay-crypto';
import { WechatPayUnavailableError } from './wechatpay-unavailable';

/** Where wechatpay-node-v3 addresses (and signs) every request; WECHATPAY_BASE_URL plays this host. */
export const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';

/** The one answer WeChat Pay does not sign: a bill file, checked against the signed tradebill hash instead. */
export const BILL_DOWNLOAD_PATH = '/v3/billdownload/file';

const DEFAULT_TIMEOUT_MS = 10_000;

/** The keys an answer may be signed with, and the one our requests ask for (WechatPayKeys is one). */
export interface PlatformTrust {
  readonly platformKeys: ReadonlyMap<string, KeyObject>;
  requestSerial(): string;
}

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

/**
 * wechatpay-node-v3's HTTP, replaced through `createHttp`: requests the package built and signed
 * for https://api.mch.weixin.qq.com go to WECHATPAY_BASE_URL over fetch with a time-out, naming in
 * Wechatpay-Serial the platform key WeChat Pay should answer under, and an answer (204s included)
 * is believed only once our own code has checked its signature with the key its serial names.
 */
export class WechatPayHttp implements IPayRequest {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly trust: PlatformTrust,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  post(url: string, params: Record<string, unknown>, headers: Record<string, unknown>): Promise<Output> {
    // The package signed JSON.stringify(params): the same call gives the same bytes.
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, unknown>): Promise<Output> {
    return this.send('GET', url, headers);
  }

  upload(): Promise<Output> {
    return Promise.reject(new Error('media uploads are not part of this platform'));
  }

  /** https://api.mch.weixin.qq.com/… → WECHATPAY_BASE_URL/…; nothing else is ever sent our signature. */
  toBase(url: string): string {
    if (!url.startsWith(`${WECHATPAY_ORIGIN}/`)) throw new Error(`not a WeChat Pay API address: ${url}`);
    return `${this.baseUrl}${url.slice(WECHATPAY_ORIGIN.length)}`;
  }

  /** The reverse, for addresses WeChat Pay hands out (a bill's download_url): WeChat's own form. */
  toWechat(url: string): string {
    if (url.startsWith(`${WECHATPAY_ORIGIN}/`)) return url;
    if (url.startsWith(`${this.baseUrl}/`)) return `${WECHATPAY_ORIGIN}${url.slice(this.baseUrl.length)}`;
    throw new WechatPayError(502, 'FOREIGN_URL', `an address outside WeChat Pay was handed out: ${url}`);
  }

  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, unknown>, body?: string) {
    const sent = new Headers(Object.entries(headers).map(([k, v]) => [k, String(v)]));
    // A call that names its own serial (sensitive fields encrypted to a key) keeps it.
    if (!sent.has('wechatpay-serial')) sent.set('Wechatpay-Serial', this.trust.requestSerial());
    let res: Response;
    try {
      res = await fetch(this.toBase(url), {
        method,
        headers: sent,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      // No answer in time, or no connection: nothing is known to have happened at WeChat Pay.
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new WechatPayUnavailableError(`${method} ${new URL(url).pathname}: ${String(err)}${cause}`);
    }
    if (res.status >= 500) {
      // WeChat's SYSTEM_ERROR, or a gateway in between: signed or not, the answer is only "later".
      throw new WechatPayUnavailableError(`${method} ${new URL(url).pathname}: HTTP ${res.status} ${await res.text()}`);
    }
    if (res.ok && new URL(url).pathname === BILL_DOWNLOAD_PATH) {
      return { status: res.status, data: Buffer.from(await res.arrayBuffer()) };
    }
    const answer = await res.text();
    const verdict = verifySignedBody(
      Object.fromEntries(res.headers.entries()),
      answer,
      this.trust.platformKeys,
      Math.floor(Date.now() / 1000),
    );
    if (!verdict.ok && verdict.reason === 'unknown serial') {
      throw new WechatPayError(
        res.status,
        'UNKNOWN_SERIAL',
        `the answer is signed with platform key ${res.headers.get('wechatpay-serial')}, which is not configured (WECHATPAY_PLATFORM_KEYS)`,
      );
    }
    if (!verdict.ok) {
      throw new WechatPayError(
        res.status,
        'UNSIGNED_ANSWER',
        `the answer failed its signature check (${verdict.reason})`,
      );
    }
    if (res.status === 204) return { status: 204 };
    const parsed = JSON.parse(answer) as { code?: string; message?: string };
    if (!res.ok) throw new WechatPayError(res.status, parsed.code ?? 'UNKNOWN', parsed.message ?? answer);
    return { status: res.status, data: parsed };
  }
}
