import { Injectable } from '@nestjs/common';
import { AppConfig, RedisConnection, UnauthenticatedError } from '@shanchou/core';
import type IORedis from 'ioredis';

/** Failed sign-ins per username, and per client address, before a temporary lockout. */
export const LOGIN_POLICY = {
  windowSeconds: 60,
  maxFailuresPerUsername: 5,
  maxFailuresPerAddress: 20,
  lockoutSeconds: 15 * 60,
} as const;

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

export class LoginThrottledError extends UnauthenticatedError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`);
  }
}

/**
 * Brute-force protection for `login`: five wrong passwords in a minute lock the username for
 * fifteen minutes (a right password then fails too); an address is locked after twenty.
 */
@Injectable()
export class LoginThrottle {
  private readonly store: AttemptStore;

  private readonly prefix: string;

  constructor(redis: RedisConnection, config: AppConfig) {
    this.store = attemptStoreFor(redis);
    this.prefix = `${config.redisPrefix}:login`;
  }

  /** Throws while the username or the address is locked out. */
  async check(username: string, address: string): Promise<void> {
    const [user, addr] = await Promise.all([
      this.store.lockedFor(this.userKey(username)),
      this.store.lockedFor(this.addressKey(address)),
    ]);
    const wait = Math.max(user, addr);
    if (wait > 0) throw new LoginThrottledError(wait);
  }

  async failed(username: string, address: string): Promise<void> {
    const [byUser, byAddress] = await Promise.all([
      this.store.hit(this.userKey(username), LOGIN_POLICY.windowSeconds),
      this.store.hit(this.addressKey(address), LOGIN_POLICY.windowSeconds),
    ]);
    if (byUser >= LOGIN_POLICY.maxFailuresPerUsername)
      await this.store.lock(this.userKey(username), LOGIN_POLICY.lockoutSeconds);
    if (byAddress >= LOGIN_POLICY.maxFailuresPerAddress) {
      await this.store.lock(this.addressKey(address), LOGIN_POLICY.lockoutSeconds);
    }
  }

  async succeeded(username: string): Promise<void> {
    await this.store.clear(this.userKey(username));
  }

  private userKey(username: string): string {
    return `${this.prefix}:user:${username.toLowerCase()}`;
  }

  private addressKey(address: string): string {
    return `${this.prefix}:addr:${address}`;
  }
}
