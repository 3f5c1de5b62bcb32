import { DomainError, ErrorCode } from '@shanchou/core';

/**
 * The text-message provider cannot take the message now: unreachable, too slow, down, or refusing
 * our key, application, signature or template. The cause is in the log; the person reads only
 * that it will work again later (a configuration fault is for the operators, not for them).
 */
export class SmsUnavailableError extends DomainError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, '短信服务暂时不可用，请稍后重试');
  }
}
