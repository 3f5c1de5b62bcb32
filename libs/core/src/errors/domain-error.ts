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

export class NotFoundError extends DomainError {
  constructor(what: string, key: string, field?: string) {
    super(ErrorCode.NOT_FOUND, `${what} ${key} not found`, field);
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
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first: a valid Authorization bearer token is required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}
