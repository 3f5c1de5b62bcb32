import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, CoreModule, CoreOptions, RootLogger } from '@shanchou/core';
import { PLATFORM_MODULES } from './platform-modules';
import { WorkerModule, WorkerModuleOptions } from './worker.module';

/** The worker process: no HTTP, only job processors and the outbox relay. */
@Module({})
export class WorkerAppModule {
  static forRoot(
    config: AppConfig,
    log: RootLogger,
    options: { core?: CoreOptions; worker?: WorkerModuleOptions } = {},
  ): DynamicModule {
    return {
      module: WorkerAppModule,
      imports: [
        CoreModule.forRoot(config, log, options.core),
        ...PLATFORM_MODULES,
        WorkerModule.forRoot(options.worker),
      ],
    };
  }
}
