import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { asServiceUnavailable } from './dependency-failure';
import { DomainError, ErrorCode } from './domain-error';
import { UnavailableLog } from './unavailable-log';

const HTTP_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.BAD_USER_INPUT]: HttpStatus.BAD_REQUEST,
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.INVALID_TRANSITION]: HttpStatus.CONFLICT,
  [ErrorCode.CONFLICT]: HttpStatus.CONFLICT,
  [ErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.INTERNAL_SERVER_ERROR]: HttpStatus.INTERNAL_SERVER_ERROR,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/**
 * A DomainError is an answer, not a fault: it is not logged as an error. Neither is an error that
 * says PostgreSQL or Redis cannot be reached: it becomes SERVICE_UNAVAILABLE, counted in one log
 * line per burst. GraphQL hands both to the error formatter (so does it anything else, which the
 * formatter logs once as unexpected); plain HTTP routes (CSV exports, labels) get the status and
 * code as JSON, and anything else Nest's own answer.
 */
@Catch()
export class DomainErrorFilter extends BaseExceptionFilter {
  constructor(private readonly unavailable: UnavailableLog) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    let error: DomainError | undefined;
    if (exception instanceof DomainError) error = exception;
    else {
      const down = asServiceUnavailable(exception);
      if (down) this.unavailable.report(down.dependency, exception);
      error = down;
    }
    if (host.getType<GqlContextType>() === 'graphql') return error ?? exception;
    if (!error) return super.catch(exception, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(HTTP_STATUS[error.code]).send({
      code: error.code,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    });
    return undefined;
  }
}
