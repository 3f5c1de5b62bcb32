import { DynamicModule, Global, Module } from '@nestjs/common';
import { RootLogger } from './logger';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** The process's one pino logger, for services that log structured fields. */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: RootLogger): DynamicModule {
    return { module: LoggingModule, providers: [{ provide: ROOT_LOGGER, useValue: logger }], exports: [ROOT_LOGGER] };
  }
}
