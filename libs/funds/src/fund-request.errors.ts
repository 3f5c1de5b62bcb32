import { DomainError, ErrorCode } from '@shanchou/core';

/** Unknown and out-of-scope requests answer alike, so an id reveals nothing beyond the scope. */
export class FundRequestNotFoundError extends DomainError {
  constructor(id: string, field = 'fundRequestId') {
    super(ErrorCode.NOT_FOUND, `${field}: 找不到资金申请 ${id}（不存在，或不在你的管辖范围内）`, field);
  }
}

export class ObjectionNotFoundError extends DomainError {
  constructor(id: string, field = 'objectionId') {
    super(ErrorCode.NOT_FOUND, `${field}: 找不到异议 ${id}（不存在，或不在你的管辖范围内）`, field);
  }
}

/** Too many objections from one address in the window: wait and try again. */
export class ObjectionThrottledError extends DomainError {
  constructor(minutes: number) {
    super(ErrorCode.FORBIDDEN, `提交异议过于频繁，请 ${minutes} 分钟后再试，或拨打监督电话`);
  }
}
