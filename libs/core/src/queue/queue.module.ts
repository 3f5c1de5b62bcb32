import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';
import { BullMqJobQueue } from './bullmq-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { Backoff, JobQueue } from './job-queue';

export interface QueueModuleOptions {
  /** Redis key prefix; REDIS_PREFIX by default. */
  prefix?: string;
}

function backoffOf(config: AppConfig): Backoff {
  return { baseMs: config.jobs.backoffBaseMs, ceilingMs: config.jobs.backoffCeilingMs };
}

/** BullMQ when REDIS_URL is set, in-process jobs otherwise; callers see one JobQueue. */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  static forRoot(options: QueueModuleOptions = {}): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        {
          provide: JobQueue,
          inject: [AppConfig, ROOT_LOGGER],
          useFactory: (config: AppConfig, log: RootLogger): JobQueue =>
            config.redisUrl
              ? new BullMqJobQueue(
                  config.redisUrl,
                  options.prefix ?? config.redisPrefix,
                  log.child({ context: 'queue' }),
                  backoffOf(config),
                  config.jobs.lockSeconds * 1000,
                )
              : new InProcessJobQueue(log.child({ context: 'queue' }), backoffOf(config)),
        },
      ],
      exports: [JobQueue],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
