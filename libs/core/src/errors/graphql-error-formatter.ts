import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { tokenLimitMessage } from '../graphql/operation-limits';
import { asServiceUnavailable, Dependency } from './dependency-failure';
import { DomainError, ErrorCode } from './domain-error';

/** What the formatter needs to report an unexpected error without showing it to the client. */
export interface ErrorReporter {
  error(obj: object, msg: string): void;
}

/** Where requests answered SERVICE_UNAVAILABLE are counted (UnavailableLog: a line per burst). */
export interface UnavailableReporter {
  report(dependency: Dependency, err: unknown): void;
}

/** Apollo's own codes for requests that are malformed before any resolver runs (API.md: BAD_USER_INPUT). */
const CLIENT_REQUEST_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
};

/** graphql-armor's refusals (depth, aliases, directives) come as validation errors; API.md calls them BAD_USER_INPUT. */
const LIMIT_REFUSAL = /limit of \d+ exceeded/i;

/**
 * Apollo's automatic persisted queries (APQ) refuse these with HTTP 400 but no code: the client
 * sent a hash that is not the query's SHA-256, or a protocol version other than 1.
 */
const APQ_REFUSALS = new Map<string, { field: string; message: string }>([
  [
    'provided sha does not match query',
    {
      field: 'extensions.persistedQuery.sha256Hash',
      message:
        'extensions.persistedQuery.sha256Hash 与查询文本的 SHA-256 不一致（自动持久化查询 APQ）：请用查询文本 UTF-8 字节的 SHA-256，十六进制小写',
    },
  ],
  [
    'Unsupported persisted query version',
    {
      field: 'extensions.persistedQuery.version',
      message: 'extensions.persistedQuery.version 只支持 1（自动持久化查询 APQ）',
    },
  ],
]);

/** The SQLSTATE of a failed query (23505 = unique violation). */
function pgCode(err: unknown): string | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const driverError: unknown = err.driverError;
  if (typeof driverError === 'object' && driverError !== null && 'code' in driverError) {
    const code = driverError.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function httpMessage(err: HttpException): string {
  const body = err.getResponse();
  if (typeof body === 'object' && body !== null && 'message' in body) {
    const message = body.message;
    if (Array.isArray(message)) return message.map(String).join('; ');
    if (typeof message === 'string') return message;
  }
  return err.message;
}

/** The error a resolver threw, beneath any GraphQLError wrappers. */
function rootCause(err: unknown): unknown {
  let current = err;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/**
 * The one mapper from anything a resolver throws to the error a client sees: a stable
 * `extensions.code` from API.md, a message that names the field or rule, never a stack trace.
 */
export function createGraphqlErrorFormatter(reporter: ErrorReporter, unavailable?: UnavailableReporter) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    const original = rootCause(unwrapResolverError(raw));

    if (original instanceof DomainError) {
      return {
        ...base,
        message: original.message,
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (original instanceof HttpException) {
      const code = HTTP_STATUS_CODES[original.getStatus()];
      if (code) return { ...base, message: httpMessage(original), extensions: { code } };
    }
    const down = asServiceUnavailable(original);
    if (down) {
      // Thrown outside a resolver (the filter maps those): counted here instead.
      unavailable?.report(down.dependency, original);
      return { ...base, message: down.message, extensions: { code: down.code } };
    }
    if (pgCode(original) === '23505') {
      return {
        ...base,
        message: '与已有的记录重复（同一编号或名称已被使用），请刷新后核对',
        extensions: { code: ErrorCode.CONFLICT },
      };
    }
    const apolloCode = formatted.extensions?.code;
    if (apolloCode === 'GRAPHQL_PARSE_FAILED') {
      // A document over the token limit is refused by the parser: a limit, like depth or cost.
      const overLimit = tokenLimitMessage(formatted.message);
      if (overLimit) return { message: overLimit, extensions: { code: ErrorCode.BAD_USER_INPUT } };
      return { ...base, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    }
    if (apolloCode === 'GRAPHQL_VALIDATION_FAILED') {
      const code = LIMIT_REFUSAL.test(formatted.message) ? ErrorCode.BAD_USER_INPUT : 'GRAPHQL_VALIDATION_FAILED';
      return { ...base, extensions: { code } };
    }
    // Apollo's own GraphQLError (no resolver threw it, so nothing lies beneath it).
    const apq = original instanceof GraphQLError && !formatted.path ? APQ_REFUSALS.get(formatted.message) : undefined;
    if (apq) return { message: apq.message, extensions: { code: ErrorCode.BAD_USER_INPUT, field: apq.field } };
    if (typeof apolloCode === 'string' && CLIENT_REQUEST_CODES.has(apolloCode)) {
      return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }

    reporter.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return { ...base, message: '服务器内部出错，请稍后重试', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
