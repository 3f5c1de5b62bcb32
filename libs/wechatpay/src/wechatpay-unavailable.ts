import { DomainError, ErrorCode } from '@shanchou/core';
import { WechatPayError } from './wechatpay-http';

/** WeChat Pay could not take the request now (an outage, a time-out): nothing was done there. */
export class WechatPayUnavailableError extends DomainError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, '微信支付暂时不可用，请稍后再试');
  }
}

const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR/;

/**
 * True when the error says WeChat Pay is not there for us (5xx, SYSTEM_ERROR, no answer in time,
 * no connection), as against an answer that refused the request.
 */
export function isWechatPayDown(err: unknown): boolean {
  if (err instanceof WechatPayError) return err.status >= 500 || err.code === 'SYSTEM_ERROR';
  if (!(err instanceof Error)) return false;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  const cause: unknown = err.cause;
  const causeText = cause instanceof Error ? `${(cause as Error & { code?: string }).code ?? ''} ${cause.message}` : '';
  return (err instanceof TypeError && /fetch failed/.test(err.message)) || NETWORK.test(`${err.message} ${causeText}`);
}
