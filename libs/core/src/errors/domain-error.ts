/** The stable `extensions.code` values of the public contract (API.md). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  CONFLICT = 'CONFLICT',
  /** PostgreSQL or Redis cannot be reached: nothing was done, try again shortly. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * A rule of the domain said no. Libraries throw these (or their own subclasses); one mapper turns
 * them into GraphQL errors. The message is for the client: it names the field or the rule.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`input.amountFen`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InputError extends DomainError {
  constructor(field: string, message: string) {
    super(ErrorCode.BAD_USER_INPUT, message.startsWith(field) ? message : `${field}: ${message}`, field);
  }
}

/**
 * The Chinese name of each kind of record the code looks up (`new NotFoundError('Campaign', id)`):
 * the code keeps its English word, the person reads 找不到项目 ….
 */
export const NOT_FOUND_NOUNS: Readonly<Record<string, string>> = {
  Campaign: '项目',
  DeadJob: '失败任务',
  Donation: '捐赠',
  Donor: '捐赠人',
  Household: '帮扶对象（农户）',
  Item: '物资',
  MatchPool: '配捐资金池',
  Need: '帮扶需求',
  Offer: '捐赠意向',
  OfficialReceiptRequest: '捐赠票据申请',
  Organization: '单位',
  'Outreach event': '下乡活动',
  Parcel: '包裹',
  'Reconciliation difference': '对账差异',
  Refund: '退款',
  Remittance: '线下汇款',
  Region: '地区',
  'Service node': '服务站点',
  'Signature of delivery': '签收签名',
  'Sign-up for event': '活动报名',
  'Staff member': '工作人员',
  Volunteer: '志愿者',
  'Volunteer team': '志愿服务队',
};

export class NotFoundError extends DomainError {
  constructor(what: string, key: string, field?: string) {
    // A word missing from the table still reads as Chinese around it ("找不到记录（Thing）…").
    const noun = NOT_FOUND_NOUNS[what] ?? `记录（${what}）`;
    super(ErrorCode.NOT_FOUND, `${field ? `${field}: ` : ''}找不到${noun} ${key}`, field);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super(ErrorCode.CONFLICT, message, field);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.INVALID_TRANSITION, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = '你没有权限进行这项操作') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = '请先登录；已经登录过的，可能是登录已过期，请重新登录') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}
