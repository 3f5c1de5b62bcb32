import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import {
  AppConfig,
  AppLogger,
  ConfigModule,
  createRootLogger,
  installShutdown,
  loadConfigOrExit,
  LoggingModule,
  RootLogger,
} from '@shanchou/core';
import { WECHAT_SIM_PATH } from './sim-path';
import { WechatSimModule } from './wechat-sim.module';

/** The stand-in alone: config, logs and the WeChat paths, no database, no queue. */
@Module({})
class StandaloneSimModule {
  static forRoot(config: AppConfig, log: RootLogger) {
    return {
      module: StandaloneSimModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(log), WechatSimModule.forRoot()],
    };
  }
}

/**
 * `npm run start:wechat-sim`: WeChat OAuth and Pay API v3 in a process of their own, so their RSA
 * work is not the platform's (benches, several API replicas sharing one WeChat). It listens on
 * PORT under /wechat-sim; point the app at it with WECHATPAY_BASE_URL and WECHAT_OAUTH_BASE_URL
 * (http://127.0.0.1:PORT/wechat-sim) and the same DATA_DIR, where the development key set is shared.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createRootLogger({ level: config.logLevel, service: 'wechat-sim' });
  if (config.isProduction) {
    log.fatal('the WeChat stand-in never runs with NODE_ENV=production');
    process.exit(1);
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    StandaloneSimModule.forRoot(config, log),
    new FastifyAdapter({ loggerInstance: log, logController: new LogController({ disableRequestLogging: true }) }),
    // The merchant's request signatures are checked over the exact bytes received.
    { logger: new AppLogger(log), abortOnError: false, rawBody: true },
  );
  installShutdown(app, log, config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://127.0.0.1:${config.port}/${WECHAT_SIM_PATH}`;
  log.info({ url, dataDir: config.dataDir }, `the WeChat stand-in is listening on ${url}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
