import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';
import { Transactions } from './transactions';
import { DataSourceOptions } from 'typeorm';
import { DatabaseOptions, TimedDataSource, typeormOptions } from './typeorm-options';

/** PostgreSQL from DATABASE_URL, or embedded PGlite under DATA_DIR; the same migrations for both. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig, ROOT_LOGGER],
          useFactory: (config: AppConfig, log: RootLogger) => typeormOptions(config, log, options),
          // Always given options: the ones useFactory returned, with the entities added.
          dataSourceFactory: (dataSourceOptions?: DataSourceOptions) =>
            Promise.resolve(new TimedDataSource(dataSourceOptions as DataSourceOptions)),
        }),
      ],
      providers: [Transactions],
      exports: [Transactions],
    };
  }
}
