import { ConflictError, ForbiddenError, InputError, NotFoundError, UnauthenticatedError } from '@shanchou/core';

/** One message for an unknown user, a wrong password and a disabled account: nothing to probe. */
export class BadCredentialsError extends UnauthenticatedError {
  constructor() {
    super('Wrong username or password');
  }
}

export class StaffNotFoundError extends NotFoundError {
  constructor(id: string, field = 'staffId') {
    super('Staff member', id, field);
  }
}

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`The username ${username} is taken`, 'input.username');
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

export class OutsideScopeError extends ForbiddenError {
  constructor(what: string) {
    super(`${what} lies outside your region`);
  }
}
