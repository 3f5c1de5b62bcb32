import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from './domain-error';

/** What the platform stands on and may find unreachable. */
export type Dependency = 'PostgreSQL' | 'Redis';

const WHAT: Record<Dependency, string> = {
  PostgreSQL: '数据库暂时无法连接',
  Redis: 'Redis 暂时无法连接',
};

/**
 * PostgreSQL or Redis could not be reached, or (`busy`) was there but had no connection or time to
 * spare: nothing was done, and the same request may be sent again. Busy is said apart because the
 * remedy differs: a full pool under load is not a database that is down.
 */
export class ServiceUnavailableError extends DomainError {
  constructor(
    readonly dependency: Dependency,
    readonly busy = false,
  ) {
    super(
      ErrorCode.SERVICE_UNAVAILABLE,
      busy && dependency === 'PostgreSQL'
        ? '服务繁忙（数据库连接已占满），请稍后重试'
        : `服务暂时不可用（${WHAT[dependency]}），请稍后重试`,
    );
  }
}

/**
 * PostgreSQL there but without room for us: the pool's wait for a connection ran out, the server
 * refused a connection over max_connections (53300), or the statement timeout fired (57014).
 */
function isPostgresBusy(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 5) return false;
  if (err instanceof ServiceUnavailableError) return err.busy;
  if (/^timeout exceeded when trying to connect/i.test(err.message)) return true;
  const code = field(err, 'code');
  if ((code === '53300' || code === '57014') && field(err, 'severity') !== undefined) return true;
  const inner = err instanceof QueryFailedError ? (err.driverError as unknown) : field(err, 'cause');
  return inner !== err && isPostgresBusy(inner, depth + 1);
}

/**
 * SQLSTATEs that say the server is not there for us (rather than that the query was wrong):
 * connection exceptions (class 08), shutdown and start-up (57P01–57P03), too many connections,
 * out of memory or disk, and the statement timeout (57014).
 */
const PG_UNAVAILABLE_CLASSES = ['08'];
const PG_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '57P05', '53000', '53100', '53200', '53300', '57014']);

/** node-postgres, pg-pool and TypeORM's own words when there is no usable connection. */
const PG_UNAVAILABLE_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /^Client has encountered a connection error and is not queryable/i,
  /^Cannot use a pool after calling end on the pool/i,
  /^Client was closed and is not queryable/i,
  /^Query read timeout/i,
  // PGlite, the embedded database: closed under the request (shutdown) or never opened.
  /^PGlite is clos(ed|ing)/i,
  /^PGlite failed to initialize/i,
];
const TYPEORM_UNAVAILABLE = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

/** ioredis when the connection is down (offline queue off), timed out, or gave up retrying. */
const REDIS_UNAVAILABLE_MESSAGES = [
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Connection is closed\.?$/,
  /^Command timed out/,
  /^Reached the max retries per request limit/,
  /^Connection in subscriber mode/,
];
/** Redis answering that it cannot serve now: loading, a read-only replica after failover, out of memory. */
const REDIS_REPLY_UNAVAILABLE = /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|OOM|NOREPLICAS|MISCONF)\b/;

/** Socket errors: the server is not listening, went away, or cannot be found. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function field(err: object, name: string): unknown {
  return name in err ? (err as Record<string, unknown>)[name] : undefined;
}

function isRedisError(err: Error): boolean {
  const name = err.name;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (REDIS_UNAVAILABLE_MESSAGES.some((re) => re.test(err.message))) return true;
  return name === 'ReplyError' && REDIS_REPLY_UNAVAILABLE.test(err.message);
}

function isPostgresError(err: Error): boolean {
  if (TYPEORM_UNAVAILABLE.has(err.name)) return true;
  if (PG_UNAVAILABLE_MESSAGES.some((re) => re.test(err.message))) return true;
  const code = field(err, 'code');
  // A server error carries its severity beside the SQLSTATE; a socket error's code is an errno name.
  if (typeof code === 'string' && field(err, 'severity') !== undefined) {
    return PG_UNAVAILABLE_CODES.has(code) || PG_UNAVAILABLE_CLASSES.some((c) => code.startsWith(c));
  }
  return false;
}

function isNetworkError(err: Error): boolean {
  const code = field(err, 'code');
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  // Node tries every address of a host name and reports them together.
  return err instanceof AggregateError && err.errors.some((e) => e instanceof Error && isNetworkError(e));
}

/**
 * Which dependency an error says is unreachable, if any: the one place where ioredis, pg, pg-pool,
 * PGlite and TypeORM's ways of saying so are known. Query errors (a constraint, bad SQL) are not.
 * An error that wraps one of these as its `cause` (a library's own "the store did not answer")
 * says the same.
 */
export function dependencyFailure(err: unknown): Dependency | undefined {
  return classify(err, true, 0);
}

function classify(err: unknown, bareSocket: boolean, depth: number): Dependency | undefined {
  if (!(err instanceof Error) || depth > 5) return undefined;
  if (err instanceof ServiceUnavailableError) return err.dependency;
  if (err instanceof QueryFailedError) {
    const driverError: unknown = err.driverError;
    return driverError instanceof Error && (isPostgresError(driverError) || isNetworkError(driverError))
      ? 'PostgreSQL'
      : undefined;
  }
  if (isRedisError(err)) return 'Redis';
  if (isPostgresError(err)) return 'PostgreSQL';
  // A bare socket error reaches a resolver only from pg's pool: ioredis wraps its own. As a cause
  // it is not taken: fetch (WeChat's APIs) throws TypeError('fetch failed') with the socket error
  // as its cause, and WeChat being unreachable is not the database.
  if (bareSocket && isNetworkError(err)) return 'PostgreSQL';
  const cause = field(err, 'cause');
  return cause !== err ? classify(cause, false, depth + 1) : undefined;
}

/** The error to answer with when `err` says a dependency is down; undefined otherwise. */
export function asServiceUnavailable(err: unknown): ServiceUnavailableError | undefined {
  if (err instanceof ServiceUnavailableError) return err;
  const dependency = dependencyFailure(err);
  if (!dependency) return undefined;
  return new ServiceUnavailableError(dependency, dependency === 'PostgreSQL' && isPostgresBusy(err));
}
