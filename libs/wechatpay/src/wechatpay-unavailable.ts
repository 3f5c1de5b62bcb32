import { DomainError, ErrorCode } from '@shanchou/core';

/**
 * WeChat Pay could not take the request now (5xx, no answer in time, no connection): the caller
 * may send it again. A SERVICE_UNAVAILABLE for people; the cause keeps WeChat's own words for the log.
 */
export class WechatPayUnavailableError extends DomainError {
  constructor(readonly detail: string) {
    super(ErrorCode.SERVICE_UNAVAILABLE, '微信支付暂时不可用，请稍后再试');
    this.cause = new Error(detail);
  }
}
