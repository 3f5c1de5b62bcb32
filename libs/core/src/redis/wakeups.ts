import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { AppConfig } from '../config/app-config';
import { LogLimiter } from '../logging/log-limiter';
import { RootLogger } from '../logging/logger';
import { ROOT_LOGGER } from '../logging/logging.module';
import { REDIS_FAIL_FAST } from './redis-connection';

/** How long start-up waits for the first connections before serving anyway (waits then time out). */
const READY_WAIT_MS = 3000;

/** How long a subscription waits for Redis to confirm it before the caller goes on without it. */
const SUBSCRIBE_WAIT_MS = 1000;

export interface WakeupsOptions {
  /** Redis pub/sub across processes; without it an in-process emitter (embedded: one process). */
  redisUrl?: string;
  /** Channels are `<prefix>:wake:<channel>`, so deployments sharing a Redis do not wake each other. */
  prefix: string;
  /** Redis failures (publish, subscribe, the connection) are logged one line per burst of this length. */
  logBurstWindowMs: number;
}

/**
 * Interest in one channel, taken before the caller reads the state it waits on, so a wake-up
 * published between that read and the wait is not lost: `next` sees it at once.
 */
export interface WakeupSubscription {
  /** True when woken since the last call (or during this one); false after `timeoutMs` or on abort. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

/**
 * Wake-ups across processes: `publish` a channel, and every process's `wait` on it returns. A
 * hint, never the truth: a waiter reads the database when woken and also when its wait times out,
 * so a Redis outage only makes answers slower (publishes are logged, waits time out), never wrong.
 *
 * With Redis: one subscriber connection per process, subscribed per channel while someone waits
 * on it (reference counts), and the shared fail-fast options for publishing. Wake-ups of this
 * process are delivered at once in memory; its own messages coming back through Redis are skipped.
 */
export class Wakeups implements OnModuleInit, OnApplicationShutdown {
  private readonly local = new EventEmitter();
  private readonly publisher: IORedis | null;
  private readonly subscriber: IORedis | null;
  /** Waiters per channel of this process; Redis is subscribed to exactly the channels listed. */
  private readonly interest = new Map<string, number>();
  private readonly id = randomBytes(8).toString('hex');
  /** Unsubscribes on their way, awaited at close (a command cut off by quit leaves its time-out timer behind). */
  private readonly unsubscribing = new Set<Promise<void>>();
  private readonly channelPrefix: string;
  private readonly failures: LogLimiter;

  constructor(options: WakeupsOptions, log: RootLogger) {
    this.local.setMaxListeners(0);
    this.channelPrefix = `${options.prefix}:wake:`;
    this.failures = new LogLimiter(
      log.child({ context: 'wakeups' }),
      'wake-ups through Redis failed: waiters fall back to re-reading',
      { windowMs: options.logBurstWindowMs },
    );
    if (!options.redisUrl) {
      this.publisher = null;
      this.subscriber = null;
      return;
    }
    this.publisher = new IORedis(options.redisUrl, REDIS_FAIL_FAST);
    // Failed publishes are counted below; the connection's own errors would repeat each retry.
    this.publisher.on('error', () => undefined);
    // No offline queue: a subscribe while Redis is away fails at once, and `ready` subscribes
    // every channel still waited on once it is back (instead of ioredis' own resubscription,
    // which would forget channels whose subscribe failed during the outage).
    this.subscriber = new IORedis(options.redisUrl, {
      ...REDIS_FAIL_FAST,
      maxRetriesPerRequest: 0,
      autoResubscribe: false,
    });
    this.subscriber.on('error', (err: Error) => this.failures.record('subscriber', `${err.name}: ${err.message}`));
    this.subscriber.on('ready', () => {
      const channels = [...this.interest.keys()].map((c) => this.channelPrefix + c);
      if (channels.length)
        this.subscriber?.subscribe(...channels).catch((err: unknown) => this.failed('subscribe', err));
    });
    this.subscriber.on('message', (channel: string, sender: string) => {
      if (sender !== this.id && channel.startsWith(this.channelPrefix))
        this.local.emit(channel.slice(this.channelPrefix.length));
    });
  }

  /** Wakes every waiter on `channel`, in every process. Never throws: a failure is logged. */
  async publish(channel: string): Promise<void> {
    this.local.emit(channel);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(this.channelPrefix + channel, this.id);
    } catch (err) {
      this.failed('publish', err);
    }
  }

  /** True when `channel` was published within `timeoutMs`; false when the time ran out or `signal` aborted. */
  async wait(channel: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const subscription = await this.subscribe(channel);
    try {
      return await subscription.next(Math.max(0, deadline - Date.now()), signal);
    } finally {
      subscription.close();
    }
  }

  /**
   * Starts listening on `channel`; resolves once Redis confirmed the subscription, or after at
   * most a second without it (the caller then relies on its own re-reads).
   */
  async subscribe(channel: string): Promise<WakeupSubscription> {
    let woken = false;
    let closed = false;
    /** The `next` waiting now, if any. */
    let pending: ((woken: boolean) => void) | undefined;
    const listener = () => {
      if (pending) pending(true);
      else woken = true;
    };
    this.local.on(channel, listener);
    const confirmed = this.retain(channel);
    const subscription: WakeupSubscription = {
      next: (timeoutMs, signal) => {
        if (woken || closed || signal?.aborted) {
          const was = woken;
          woken = false;
          return Promise.resolve(was);
        }
        return new Promise<boolean>((resolve) => {
          const aborted = () => finish(false);
          const timer = setTimeout(() => finish(false), timeoutMs);
          function finish(value: boolean): void {
            clearTimeout(timer);
            signal?.removeEventListener('abort', aborted);
            pending = undefined;
            resolve(value);
          }
          signal?.addEventListener('abort', aborted, { once: true });
          pending = finish;
        });
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.local.off(channel, listener);
        pending?.(false);
        this.release(channel);
      },
    };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([confirmed, new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)))]);
    clearTimeout(timer);
    return subscription;
  }

  /** Channels this process waits on now (for tests and metrics). */
  get channels(): number {
    return this.interest.size;
  }

  /** Without the offline queue a command sent before the first connect is refused: wait for it. */
  async onModuleInit(): Promise<void> {
    await this.ready();
  }

  /** Resolves once both connections are up, or after READY_WAIT_MS (true when they are). */
  async ready(): Promise<boolean> {
    const clients = [this.publisher, this.subscriber].filter((c): c is IORedis => c !== null);
    const up = await Promise.all(
      clients.map((client): Promise<boolean> => {
        if (client.status === 'ready') return Promise.resolve(true);
        let timer: NodeJS.Timeout | undefined;
        return new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), READY_WAIT_MS);
          client.once('ready', () => resolve(true));
        }).finally(() => clearTimeout(timer));
      }),
    );
    return up.every(Boolean);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    this.failures.flush();
    this.local.removeAllListeners();
    await Promise.all([...this.unsubscribing]);
    for (const client of [this.publisher, this.subscriber]) {
      // quit() is refused while disconnected (no offline queue): then stop reconnecting at once.
      await client?.quit().catch(() => client.disconnect());
    }
  }

  /** Counts one more waiter; the first subscribes in Redis. Resolves when that is confirmed (or failed). */
  private retain(channel: string): Promise<void> {
    const count = this.interest.get(channel) ?? 0;
    this.interest.set(channel, count + 1);
    if (count > 0 || !this.subscriber) return Promise.resolve();
    // Commands on one connection run in order, so a subscribe after an unsubscribe of the same
    // channel leaves it subscribed.
    return this.subscriber
      .subscribe(this.channelPrefix + channel)
      .then(() => undefined)
      .catch((err: unknown) => this.failed('subscribe', err));
  }

  private release(channel: string): void {
    const count = (this.interest.get(channel) ?? 1) - 1;
    if (count > 0) {
      this.interest.set(channel, count);
      return;
    }
    this.interest.delete(channel);
    if (!this.subscriber) return;
    const done = this.subscriber
      .unsubscribe(this.channelPrefix + channel)
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => this.unsubscribing.delete(done));
    this.unsubscribing.add(done);
  }

  private failed(what: 'publish' | 'subscribe', err: unknown): void {
    this.failures.record(what, err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : String(err));
  }
}

/** The process's Wakeups, on REDIS_URL when set (CoreModule provides it). */
export const WAKEUPS_PROVIDER = {
  provide: Wakeups,
  inject: [AppConfig, ROOT_LOGGER],
  useFactory: (config: AppConfig, log: RootLogger): Wakeups =>
    new Wakeups(
      { redisUrl: config.redisUrl, prefix: config.redisPrefix, logBurstWindowMs: config.logBurstWindowMs },
      log,
    ),
};
