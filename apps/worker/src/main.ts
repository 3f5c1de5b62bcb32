// First: the V8 code cache of the dependencies, before anything else is required.
import '@shanchou/core/register-compile-cache';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppLogger, createRootLogger, flushCompileCache, loadConfigOrExit, installShutdown } from '@shanchou/core';
import { LedgerKeys } from '@shanchou/ledger';
import { WorkerAppModule } from './worker-app.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit({ RUN_JOBS: 'true' });
  const log = createRootLogger({ level: config.logLevel, service: 'worker' });
  if (config.database.kind === 'pglite') {
    log.fatal('the worker needs DATABASE_URL: embedded mode (PGlite) runs the jobs inside `npm start`');
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config, log), {
    logger: new AppLogger(log),
  });
  installShutdown(app, log, config.shutdownTimeoutMs);
  try {
    await app.get(LedgerKeys).ready();
  } catch (err) {
    log.fatal({ err }, err instanceof Error ? err.message : 'the ledger signing keys are not ready');
    await app.close();
    process.exit(1);
  }
  log.info({ redis: config.redisUrl ? 'bullmq' : 'in-process' }, 'worker started');
  const written = flushCompileCache();
  if (written.written) log.info({ compileCache: written }, 'compile cache written');
  else if (written.error) log.info({ compileCache: written }, 'compile cache not written');
}

void main();
