import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  dependencyFailure,
  RedisConnection,
  ROOT_LOGGER,
  RootLogger,
  ServiceUnavailableError,
  UnauthenticatedError,
} from '@shanchou/core';
import { createHash } from 'node:crypto';
import type IORedis from 'ioredis';

/**
 * Password checks per username, and per client address, in a minute before a lockout. A check
 * takes its slot before the password is compared, so a burst cannot run more checks than this,
 * however many arrive at once; a right password gives its slot back, a wrong one keeps it.
 */
export const LOGIN_POLICY = {
  windowSeconds: 60,
  maxFailuresPerUsername: 5,
  maxFailuresPerAddress: 20,
  lockoutSeconds: 15 * 60,
  /**
   * A username that signed in from an address within this many days is not held by that
   * address's limit (only by its own): behind one proxy, or one office NAT, every staff member
   * shares an address, and a stranger's wrong guesses there must not lock them all out.
   */
  knownAddressDays: 30,
} as const;

/** How long a Redis command of the throttle may take before the sign-in fails instead of hanging. */
export const LOGIN_STORE_TIMEOUT_MS = 1500;

/** Counters with expiry: Redis when configured (limits hold across instances), memory otherwise. */
export interface AttemptStore {
  /** Adds one to `key` and returns the count within its window (the window starts at the first hit). */
  hit(key: string, windowSeconds: number): Promise<number>;
  lock(key: string, seconds: number): Promise<void>;
  /** Seconds of lockout left; 0 when not locked. */
  lockedFor(key: string): Promise<number>;
  clear(key: string): Promise<void>;
}

export class RedisAttemptStore implements AttemptStore {
  constructor(private readonly redis: IORedis) {}

  async hit(key: string, windowSeconds: number): Promise<number> {
    const result = await this.redis.multi().incr(`${key}:n`).expire(`${key}:n`, windowSeconds, 'NX').exec();
    const count = result?.[0]?.[1];
    return typeof count === 'number' ? count : Number(count);
  }
  async lock(key: string, seconds: number): Promise<void> {
    await this.redis.set(`${key}:lock`, '1', 'EX', seconds);
  }
  async lockedFor(key: string): Promise<number> {
    return Math.max(0, await this.redis.ttl(`${key}:lock`));
  }
  async clear(key: string): Promise<void> {
    await this.redis.del(`${key}:n`);
  }
}

export class MemoryAttemptStore implements AttemptStore {
  private readonly counters = new Map<string, { count: number; until: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowSeconds: number): Promise<number> {
    const now = this.now();
    const current = this.counters.get(key);
    const entry = current && current.until > now ? current : { count: 0, until: now + windowSeconds * 1000 };
    entry.count++;
    this.counters.set(key, entry);
    this.sweep(now);
    return Promise.resolve(entry.count);
  }
  lock(key: string, seconds: number): Promise<void> {
    this.locks.set(key, this.now() + seconds * 1000);
    return Promise.resolve();
  }
  lockedFor(key: string): Promise<number> {
    const until = this.locks.get(key) ?? 0;
    return Promise.resolve(Math.max(0, Math.ceil((until - this.now()) / 1000)));
  }
  clear(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }
  private sweep(now: number): void {
    if (this.counters.size < 10_000) return;
    for (const [k, v] of this.counters) if (v.until <= now) this.counters.delete(k);
    for (const [k, until] of this.locks) if (until <= now) this.locks.delete(k);
  }
}

/** Counters shared through Redis when it is configured, in this process's memory otherwise. */
export function attemptStoreFor(redis: RedisConnection): AttemptStore {
  return redis.client ? new RedisAttemptStore(redis.client) : new MemoryAttemptStore();
}

// --- sign-in slots ---------------------------------------------------------------------------

/** The store keys of one sign-in: the username's counter and lock, the address's, and their pairing. */
export interface LoginKeys {
  user: string;
  address: string;
  /** Present while the username signed in from the address within `knownAddressDays`. */
  known: string;
}

export interface LoginLimits {
  windowSeconds: number;
  maxFailuresPerUsername: number;
  maxFailuresPerAddress: number;
  lockoutSeconds: number;
  knownAddressDays: number;
}

/** A slot to check one password, or the seconds the username or the address stays locked. */
export type LoginReservation =
  | { granted: true; /** the address's counter holds a slot too */ byAddress: boolean }
  | { granted: false; retryAfterSeconds: number };

export type GrantedReservation = Extract<LoginReservation, { granted: true }>;

/**
 * The atomic half of the throttle. `reserve` decides and counts in one step (a Lua script in
 * Redis, one synchronous turn of the event loop in memory), so no two attempts see the same count.
 */
export interface LoginAttemptStore {
  /**
   * Refuses while the username is locked, or the address is and the username is not known there;
   * at a spent limit it takes the lock and refuses; otherwise takes a slot of each counter.
   */
  reserve(keys: LoginKeys, limits: LoginLimits): Promise<LoginReservation>;
  /** The password was wrong: the slot stays counted, and a spent counter locks now. */
  failed(keys: LoginKeys, reservation: GrantedReservation, limits: LoginLimits): Promise<void>;
  /** The slot is given back: the password was right (`remember`: the address is now known) or never compared. */
  release(keys: LoginKeys, reservation: GrantedReservation, remember: boolean, limits: LoginLimits): Promise<void>;
}

/**
 * Redis did not answer the throttle, in time or at all: the sign-in fails now rather than wait.
 * Its cause is what says so (ioredis's error, or SERVICE_UNAVAILABLE for our own time-out), so the
 * one error mapper answers SERVICE_UNAVAILABLE.
 */
export class LoginStoreUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown = new ServiceUnavailableError('Redis'),
  ) {
    super(`Redis did not answer the sign-in throttle (${operation}) within ${LOGIN_STORE_TIMEOUT_MS} ms`, { cause });
    this.name = 'LoginStoreUnavailableError';
  }
}

class LuaScript {
  readonly sha: string;
  constructor(readonly body: string) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }
}

// KEYS: user count, user lock, address count, address lock, known. ARGV: window, max per user,
// max per address, lockout seconds. Answers {1, byAddress} or {0, seconds locked}.
const RESERVE = new LuaScript(`
local known = redis.call('EXISTS', KEYS[5]) == 1
local wait = redis.call('TTL', KEYS[2])
if not known then wait = math.max(wait, redis.call('TTL', KEYS[4])) end
if wait > 0 then return {0, wait} end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
  return {0, tonumber(ARGV[4])}
end
if not known then
  if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then
    redis.call('SET', KEYS[4], '1', 'EX', ARGV[4])
    return {0, tonumber(ARGV[4])}
  end
  redis.call('INCR', KEYS[3])
  redis.call('EXPIRE', KEYS[3], ARGV[1], 'NX')
end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
if known then return {1, 0} end
return {1, 1}
`);

// KEYS: user count, user lock, address count, address lock. ARGV: max per user, max per address,
// lockout seconds, byAddress (1/0).
const FAILED = new LuaScript(`
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[3], 'NX')
end
if ARGV[4] == '1' and tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[4], '1', 'EX', ARGV[3], 'NX')
end
return 0
`);

// KEYS: user count, address count, known. ARGV: byAddress (1/0), remember (1/0), known seconds.
// A counter whose window ended meanwhile is not brought back below zero.
const RELEASE = new LuaScript(`
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
if ARGV[1] == '1' and tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
if ARGV[2] == '1' then redis.call('SET', KEYS[3], '1', 'EX', ARGV[3]) end
return 0
`);

export class RedisLoginAttemptStore implements LoginAttemptStore {
  constructor(
    private readonly redis: IORedis,
    private readonly timeoutMs = LOGIN_STORE_TIMEOUT_MS,
  ) {}

  async reserve(keys: LoginKeys, limits: LoginLimits): Promise<LoginReservation> {
    const answer = await this.run('reserve', RESERVE, counterKeys(keys), [
      limits.windowSeconds,
      limits.maxFailuresPerUsername,
      limits.maxFailuresPerAddress,
      limits.lockoutSeconds,
    ]);
    if (!Array.isArray(answer) || answer.length !== 2) throw new Error('unexpected answer from the reserve script');
    const [granted, value] = answer.map(Number);
    return granted === 1 ? { granted: true, byAddress: value === 1 } : { granted: false, retryAfterSeconds: value };
  }

  async failed(keys: LoginKeys, reservation: GrantedReservation, limits: LoginLimits): Promise<void> {
    await this.run('failed', FAILED, counterKeys(keys).slice(0, 4), [
      limits.maxFailuresPerUsername,
      limits.maxFailuresPerAddress,
      limits.lockoutSeconds,
      reservation.byAddress ? 1 : 0,
    ]);
  }

  async release(
    keys: LoginKeys,
    reservation: GrantedReservation,
    remember: boolean,
    limits: LoginLimits,
  ): Promise<void> {
    await this.run(
      'release',
      RELEASE,
      [`${keys.user}:n`, `${keys.address}:n`, keys.known],
      [reservation.byAddress ? 1 : 0, remember ? 1 : 0, limits.knownAddressDays * 86400],
    );
  }

  /** EVALSHA, loading the script on first use; never longer than the time-out. */
  private run(operation: string, script: LuaScript, keys: string[], args: number[]): Promise<unknown> {
    const call = async (): Promise<unknown> => {
      try {
        return await this.redis.evalsha(script.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
          return this.redis.eval(script.body, keys.length, ...keys, ...args);
        }
        throw err;
      }
    };
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LoginStoreUnavailableError(operation)), this.timeoutMs);
      call().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          // Redis unreachable is said so; anything else (a script error) is passed on as it is.
          if (dependencyFailure(err)) reject(new LoginStoreUnavailableError(operation, err));
          else reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}

function counterKeys(keys: LoginKeys): string[] {
  return [`${keys.user}:n`, `${keys.user}:lock`, `${keys.address}:n`, `${keys.address}:lock`, keys.known];
}

/**
 * The same rules in this process's memory (embedded mode: one process). Each operation decides
 * and counts without awaiting in between, so it is as atomic as the Redis script.
 */
export class MemoryLoginAttemptStore implements LoginAttemptStore {
  private readonly counters = new Map<string, { count: number; until: number }>();
  /** Locks and known pairings: key → until (ms). */
  private readonly marks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  reserve(keys: LoginKeys, limits: LoginLimits): Promise<LoginReservation> {
    const now = this.now();
    this.sweep(now);
    const known = this.marked(`${keys.known}`, now) > 0;
    const wait = Math.max(this.marked(`${keys.user}:lock`, now), known ? 0 : this.marked(`${keys.address}:lock`, now));
    if (wait > 0) return Promise.resolve({ granted: false, retryAfterSeconds: wait });
    if (this.count(keys.user, now) >= limits.maxFailuresPerUsername) {
      this.mark(`${keys.user}:lock`, now, limits.lockoutSeconds);
      return Promise.resolve({ granted: false, retryAfterSeconds: limits.lockoutSeconds });
    }
    if (!known) {
      if (this.count(keys.address, now) >= limits.maxFailuresPerAddress) {
        this.mark(`${keys.address}:lock`, now, limits.lockoutSeconds);
        return Promise.resolve({ granted: false, retryAfterSeconds: limits.lockoutSeconds });
      }
      this.add(keys.address, now, 1, limits.windowSeconds);
    }
    this.add(keys.user, now, 1, limits.windowSeconds);
    return Promise.resolve({ granted: true, byAddress: !known });
  }

  failed(keys: LoginKeys, reservation: GrantedReservation, limits: LoginLimits): Promise<void> {
    const now = this.now();
    if (this.count(keys.user, now) >= limits.maxFailuresPerUsername && this.marked(`${keys.user}:lock`, now) === 0) {
      this.mark(`${keys.user}:lock`, now, limits.lockoutSeconds);
    }
    if (
      reservation.byAddress &&
      this.count(keys.address, now) >= limits.maxFailuresPerAddress &&
      this.marked(`${keys.address}:lock`, now) === 0
    ) {
      this.mark(`${keys.address}:lock`, now, limits.lockoutSeconds);
    }
    return Promise.resolve();
  }

  release(keys: LoginKeys, reservation: GrantedReservation, remember: boolean, limits: LoginLimits): Promise<void> {
    const now = this.now();
    this.add(keys.user, now, -1, limits.windowSeconds);
    if (reservation.byAddress) this.add(keys.address, now, -1, limits.windowSeconds);
    if (remember) this.mark(keys.known, now, limits.knownAddressDays * 86400);
    return Promise.resolve();
  }

  private count(key: string, now: number): number {
    const entry = this.counters.get(key);
    return entry && entry.until > now ? entry.count : 0;
  }

  /** Adds to a live counter; a first hit starts its window; a counter is never taken below zero. */
  private add(key: string, now: number, delta: 1 | -1, windowSeconds: number): void {
    const entry = this.counters.get(key);
    if (entry && entry.until > now) {
      entry.count = Math.max(0, entry.count + delta);
    } else if (delta > 0) {
      this.counters.set(key, { count: 1, until: now + windowSeconds * 1000 });
    }
  }

  private mark(key: string, now: number, seconds: number): void {
    this.marks.set(key, now + seconds * 1000);
  }

  /** Seconds left on a mark; 0 when there is none. */
  private marked(key: string, now: number): number {
    const until = this.marks.get(key) ?? 0;
    return Math.max(0, Math.ceil((until - now) / 1000));
  }

  private sweep(now: number): void {
    if (this.counters.size + this.marks.size < 10_000) return;
    for (const [k, v] of this.counters) if (v.until <= now) this.counters.delete(k);
    for (const [k, until] of this.marks) if (until <= now) this.marks.delete(k);
  }
}

export class LoginThrottledError extends UnauthenticatedError {
  constructor(readonly retryAfterSeconds: number) {
    super(`登录失败次数过多，请 ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} 分钟后再试`);
  }
}

/**
 * Brute-force protection for `login`. Five password checks of a username in a minute, and twenty
 * from one address, are all there are: the next attempt locks the username (or the address) for
 * fifteen minutes, and a right password during the lockout fails too. An address lock does not
 * hold the usernames that signed in from that address before (see LOGIN_POLICY.knownAddressDays).
 */
@Injectable()
export class LoginThrottle {
  private readonly store: LoginAttemptStore;
  private readonly prefix: string;

  constructor(
    redis: RedisConnection,
    config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {
    this.store = redis.client ? new RedisLoginAttemptStore(redis.client) : new MemoryLoginAttemptStore();
    this.prefix = `${config.redisPrefix}:login`;
  }

  /**
   * Runs `check` (find the account, compare the password) only inside a slot taken beforehand;
   * throws LoginThrottledError when there is none. `check` answers null for a failed sign-in.
   */
  async attempt<T>(username: string, address: string, check: () => Promise<T | null>): Promise<T | null> {
    const keys = this.keys(username, address);
    const reservation = await this.store.reserve(keys, LOGIN_POLICY);
    if (!reservation.granted) throw new LoginThrottledError(reservation.retryAfterSeconds);
    let result: T | null;
    try {
      result = await check();
    } catch (err) {
      // Not a wrong password (the database failed, say): the slot is given back.
      await this.settle('release', () => this.store.release(keys, reservation, false, LOGIN_POLICY));
      throw err;
    }
    if (result === null) await this.settle('failed', () => this.store.failed(keys, reservation, LOGIN_POLICY));
    else await this.settle('release', () => this.store.release(keys, reservation, true, LOGIN_POLICY));
    return result;
  }

  /** The answer is already decided; a store that fails now only costs the slot, which stays counted. */
  private async settle(operation: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.log.warn({ err, operation }, 'sign-in throttle could not record the outcome');
    }
  }

  private keys(username: string, address: string): LoginKeys {
    const name = username.trim().toLowerCase();
    return {
      user: `${this.prefix}:user:${name}`,
      address: `${this.prefix}:addr:${address}`,
      known: `${this.prefix}:known:${address}:${name}`,
    };
  }
}
