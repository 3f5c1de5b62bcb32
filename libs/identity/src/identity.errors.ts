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

export class WeakPasswordError extends InputError {
  constructor(field: string) {
    super(field, 'must be 8 to 128 characters with at least one letter and one digit');
  }
}

export class OutsideScopeError extends ForbiddenError {
  constructor(what: string) {
    super(`${what} lies outside your region`);
  }
}
