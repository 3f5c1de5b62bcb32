import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DomainErrorFilter } from './errors/domain-error.filter';
import { UnavailableLog } from './errors/unavailable-log';
import { DatabaseOptions } from './database/typeorm-options';
import { HealthService } from './health/health.service';
import { LoggingModule } from './logging/logging.module';
import { RootLogger } from './logging/logger';
import { OutboxModule } from './outbox/outbox.module';
import { QueueModule, QueueModuleOptions } from './queue/queue.module';
import { RedisConnection } from './redis/redis-connection';
import { Wakeups, WAKEUPS_PROVIDER } from './redis/wakeups';

export interface CoreOptions {
  database?: DatabaseOptions;
  queue?: QueueModuleOptions;
}

/** What every process of the platform stands on: config, logs, database, queue, outbox. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: RootLogger, options: CoreOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot(options.database),
        QueueModule.forRoot(options.queue),
        OutboxModule,
      ],
      providers: [
        HealthService,
        RedisConnection,
        UnavailableLog,
        WAKEUPS_PROVIDER,
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
      exports: [HealthService, RedisConnection, UnavailableLog, Wakeups],
    };
  }
}
