import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  AppConfig,
  CoreModule,
  CoreOptions,
  graphqlOptions,
  ROOT_LOGGER,
  RootLogger,
  UnavailableLog,
} from '@shanchou/core';
import { WechatSimModule, WechatSimOptions } from '@shanchou/wechat-sim';
import { PLATFORM_MODULES, WorkerModule, WorkerModuleOptions } from '@shanchou/worker';
import { ClientConfigResolver } from './client-config.resolver';
import { DeadJobsResolver } from './dead-jobs.resolver';
import { HealthController } from './health.controller';

export interface ApiOptions {
  core?: CoreOptions;
  worker?: WorkerModuleOptions;
  wechatSim?: WechatSimOptions;
  /** The built H5 pages (default: dist/h5 of the repository); tests point it elsewhere. */
  h5Dir?: string;
  /** The built district console (default: dist/admin of the repository). */
  adminDir?: string;
}

/** The API process; in embedded mode (or with RUN_JOBS) it runs the job processors as well. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, log: RootLogger, options: ApiOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, log, options.core),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AppConfig, ROOT_LOGGER, UnavailableLog],
          useFactory: (cfg: AppConfig, root: RootLogger, unavailable: UnavailableLog) =>
            graphqlOptions(cfg, root, unavailable),
        }),
        ...PLATFORM_MODULES,
        ...(config.runJobs ? [WorkerModule.forRoot(options.worker)] : []),
        // The WeChat stand-in, for development, demo and tests; production talks to WeChat.
        ...(config.isProduction ? [] : [WechatSimModule.forRoot(options.wechatSim)]),
      ],
      controllers: [HealthController],
      providers: [ClientConfigResolver, DeadJobsResolver],
    };
  }
}
