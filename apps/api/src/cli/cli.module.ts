import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, AppLogger, CoreModule, CoreOptions, createRootLogger, RootLogger } from '@shanchou/core';
import { PLATFORM_MODULES } from '@shanchou/worker';

/** Database and domain services without HTTP or jobs, for one-shot commands. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, log: RootLogger, core: CoreOptions = {}): DynamicModule {
    return { module: CliModule, imports: [CoreModule.forRoot(config, log, core), ...PLATFORM_MODULES] };
  }
}

export async function cliContext(core: CoreOptions = {}) {
  const config = AppConfig.fromProcessEnv({ RUN_JOBS: undefined }, 'cli');
  const log = createRootLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, service: 'cli' });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, log, core), {
    logger: new AppLogger(log),
  });
  return { app, config, log };
}
