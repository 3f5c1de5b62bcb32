import { QueryFailedError } from 'typeorm';
import { asServiceUnavailable, dependencyFailure, ServiceUnavailableError } from './dependency-failure';
import { ErrorCode } from './domain-error';

function withProps(message: string, props: Record<string, unknown>, name?: string): Error {
  const err = Object.assign(new Error(message), props);
  if (name) Object.defineProperty(err, 'name', { value: name });
  return err;
}

/** A server error as node-postgres makes it: a SQLSTATE beside its severity. */
function pgServerError(code: string, message: string): Error {
  return withProps(message, { code, severity: 'FATAL' }, 'error');
}

/** Redis's own refusal, as ioredis hands it on (redis-errors' ReplyError). */
const replyError = (message: string) => withProps(message, {}, 'ReplyError');

const queryFailed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('dependencyFailure', () => {
  it.each([
    ['pg-pool waited too long', new Error('timeout exceeded when trying to connect')],
    ['the server went away', new Error('Connection terminated unexpectedly')],
    ['the connect timed out', new Error('Connection terminated due to connection timeout')],
    ['nothing listens', withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['every address refused', new AggregateError([withProps('x', { code: 'ECONNREFUSED' })], '')],
    [
      'the server shuts down',
      queryFailed(pgServerError('57P01', 'terminating connection due to administrator command')),
    ],
    ['the server starts up', pgServerError('57P03', 'the database system is starting up')],
    ['too many connections', pgServerError('53300', 'sorry, too many clients already')],
    ['a connection exception', queryFailed(pgServerError('08006', 'connection failure'))],
    ['the statement timeout', queryFailed(pgServerError('57014', 'canceling statement due to statement timeout'))],
    ['a query on a dead client', queryFailed(new Error('Connection terminated unexpectedly'))],
    ['PGlite closed under the request', new Error('PGlite is closed')],
    [
      'TypeORM not connected',
      withProps('Cannot execute operation on "default" connection', {}, 'CannotExecuteNotConnectedError'),
    ],
  ])('says PostgreSQL for %s', (_what, err) => {
    expect(dependencyFailure(err)).toBe('PostgreSQL');
  });

  it.each([
    ['no offline queue, not connected', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['the connection closed', new Error('Connection is closed.')],
    ['commandTimeout', new Error('Command timed out')],
    [
      'retries given up',
      withProps(
        'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
        {},
        'MaxRetriesPerRequestError',
      ),
    ],
    [
      'a store that wraps it as its cause',
      Object.assign(new Error('Redis did not answer the sign-in throttle'), {
        cause: new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      }),
    ],
    ['loading its data', replyError('LOADING Redis is loading the dataset in memory')],
    ['a replica after failover', replyError("READONLY You can't write against a read only replica.")],
    ['out of memory', replyError("OOM command not allowed when used memory > 'maxmemory'.")],
  ])('says Redis for %s', (_what, err) => {
    expect(dependencyFailure(err)).toBe('Redis');
  });

  it.each([
    ['a unique violation', queryFailed(withProps('duplicate key value', { code: '23505', severity: 'ERROR' }))],
    [
      'bad input bytes',
      queryFailed(withProps('invalid byte sequence for encoding "UTF8": 0x00', { code: '22021', severity: 'ERROR' })),
    ],
    ['a Redis command error', replyError('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['WeChat unreachable (fetch)', new TypeError('fetch failed', { cause: withProps('x', { code: 'ECONNREFUSED' }) })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'Connection is closed.'],
  ])('says nothing for %s', (_what, err) => {
    expect(dependencyFailure(err)).toBeUndefined();
  });

  it('answers SERVICE_UNAVAILABLE in Chinese, naming what is down', () => {
    const down = asServiceUnavailable(new Error('Command timed out'));
    expect(down).toBeInstanceOf(ServiceUnavailableError);
    expect(down).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, dependency: 'Redis' });
    expect(down?.message).toBe('服务暂时不可用（Redis 暂时无法连接），请稍后重试');
    expect(asServiceUnavailable(new Error('Connection terminated unexpectedly'))?.message).toBe(
      '服务暂时不可用（数据库暂时无法连接），请稍后重试',
    );
    expect(asServiceUnavailable(new Error('boom'))).toBeUndefined();
  });

  it('says busy, not down, when PostgreSQL had no connection or time to spare', () => {
    const busy = '服务繁忙（数据库连接已占满），请稍后重试';
    const poolFull = asServiceUnavailable(new Error('timeout exceeded when trying to connect'));
    expect(poolFull).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, dependency: 'PostgreSQL', busy: true });
    expect(poolFull?.message).toBe(busy);
    const serverError = (code: string) => Object.assign(new Error('server said no'), { code, severity: 'ERROR' });
    expect(asServiceUnavailable(serverError('53300'))?.message).toBe(busy);
    expect(asServiceUnavailable(serverError('57014'))?.message).toBe(busy);
    // Through TypeORM's wrapper and as a cause, the same.
    const wrapped = new QueryFailedError('SELECT 1', [], serverError('57014'));
    expect(asServiceUnavailable(wrapped)?.busy).toBe(true);
    expect(
      asServiceUnavailable(new Error('store', { cause: new Error('timeout exceeded when trying to connect') }))?.busy,
    ).toBe(true);
    // Down is still down.
    expect(asServiceUnavailable(serverError('57P01'))).toMatchObject({ busy: false });
    expect(
      asServiceUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))?.message,
    ).toBe('服务暂时不可用（数据库暂时无法连接），请稍后重试');
  });
});
