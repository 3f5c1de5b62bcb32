import { ConflictError, ForbiddenError, InputError, NotFoundError, UnauthenticatedError } from '@shanchou/core';

/** One message for an unknown user, a wrong password and a disabled account: nothing to probe. */
export class BadCredentialsError extends UnauthenticatedError {
  constructor() {
    super('用户名或密码不正确');
  }
}

export class StaffNotFoundError extends NotFoundError {
  constructor(id: string, field = 'staffId') {
    super('Staff member', id, field);
  }
}

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`input.username: 用户名 ${username} 已被占用，请换一个`, 'input.username');
  }
}

const WEAK_PASSWORD_MESSAGES = {
  length: '密码需要 10 到 128 个字符',
  common: '这个密码太常见，容易被猜中，请换一个',
  username: '密码不能与用户名相同',
} as const;

/** A new password the policy refuses (password-policy.ts), with the reason in Chinese. */
export class WeakPasswordError extends InputError {
  constructor(
    field: string,
    readonly reason: keyof typeof WEAK_PASSWORD_MESSAGES,
  ) {
    super(field, WEAK_PASSWORD_MESSAGES[reason]);
  }
}

/** `what` in Chinese: 地区 370404, 坛山街道周转中心的库存. */
export class OutsideScopeError extends ForbiddenError {
  constructor(what: string) {
    // A space after a code ("地区 370404 不在…"), none after a Chinese word or bracket.
    super(`${what}${/[\p{Script=Han}）」]$/u.test(what) ? '' : ' '}不在你的管辖范围内`);
  }
}

/** An openid binds one staff member: the second member is refused, in Chinese. */
export class WechatAlreadyBoundError extends ConflictError {
  constructor() {
    super('这个微信号已绑定另一位工作人员的账号：请先由该工作人员解除绑定，或换一个微信号', 'code');
  }
}

/** A member may not change their own role or region: the last admin would lock the district out. */
export class OwnRoleOrRegionError extends ForbiddenError {
  constructor(field: 'role' | 'regionCode') {
    super(
      `不能修改自己的${field === 'role' ? '角色' : '所属区域'}（input.${field}）：请另一位区管理员修改，以免区里没有管理员`,
    );
  }
}
