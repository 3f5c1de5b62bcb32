import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';

/**
 * The process's Redis client for counters and caches that must hold across instances (login
 * throttling, rate limits). Null without REDIS_URL: callers then keep their state in memory.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: IORedis | null;

  constructor(config: AppConfig, @Inject(ROOT_LOGGER) log: RootLogger) {
    this.client = config.redisUrl
      ? new IORedis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
      : null;
    this.client?.on('error', (err) => log.warn({ err }, 'redis connection error'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
  }
}
