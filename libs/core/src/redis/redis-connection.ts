import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import IORedis, { RedisOptions } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';

/**
 * Fail fast: a request waits on Redis at most about a second. With the connection down a command
 * is refused at once (no offline queue, where it would wait for the reconnect); with Redis there
 * but not answering (paused, a partition) it times out. The caller answers SERVICE_UNAVAILABLE
 * (the error mapper knows these errors) or, like the rate limit, goes on without Redis.
 */
export const REDIS_FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  commandTimeout: 1000,
  connectTimeout: 2000,
  maxRetriesPerRequest: 1,
};

/** How long start-up waits for the first connection before serving anyway (requests then fail fast). */
const READY_WAIT_MS = 3000;

/**
 * The process's Redis client for counters and caches that must hold across instances (login
 * throttling, rate limits). Null without REDIS_URL: callers then keep their state in memory.
 * BullMQ has its own connections (its workers must wait, not fail fast).
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  readonly client: IORedis | null;

  constructor(
    config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {
    this.client = config.redisUrl ? new IORedis(config.redisUrl, REDIS_FAIL_FAST) : null;
    this.client?.on('error', (err) => log.warn({ err }, 'redis connection error'));
  }

  /** Without the offline queue a command sent before the first connect is refused: wait for it. */
  async onModuleInit(): Promise<void> {
    const client = this.client;
    if (!client || client.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    const ready = await new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), READY_WAIT_MS);
      client.once('ready', () => resolve(true));
    }).finally(() => clearTimeout(timer));
    if (!ready) this.log.warn({ waitedMs: READY_WAIT_MS }, 'redis is not reachable at start; serving without it');
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() is refused while disconnected (no offline queue): then stop reconnecting at once.
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
