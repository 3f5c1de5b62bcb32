// First: the V8 code cache of the dependencies, before anything else is required.
import '@shanchou/core/register-compile-cache';
import 'reflect-metadata';
import {
  compileCacheStats,
  createRootLogger,
  flushCompileCache,
  installShutdown,
  loadConfigOrExit,
  logStartupPhase,
} from '@shanchou/core';
import { seedDemoIfChanged } from '@shanchou/seeds';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  // performance.now() counts from the process start: until here, Node started and loaded the modules.
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const log = createRootLogger({ level: config.logLevel, service: 'api' });
  log.info(
    { database: config.database.kind, queue: config.redisUrl ? 'bullmq' : 'in-process', runJobs: config.runJobs },
    'starting 善筹',
  );
  const { hits, misses, bundle } = compileCacheStats();
  logStartupPhase(log, 'modules', 0, { compileCache: { hits, misses, bundle: bundle !== null } });
  let phaseStart = logStartupPhase(log, 'config', startedAt);
  const app = await createApi(config, log);
  phaseStart = logStartupPhase(log, 'nest init', phaseStart);
  if (config.seedDemo) {
    const outcome = await seedDemoIfChanged(app, config.nodeEnv);
    // Skipped when this database already has today's seed: a warm start loads nothing again.
    phaseStart = logStartupPhase(
      log,
      'demo seed',
      phaseStart,
      outcome.loaded ? { seed: outcome.result } : { skipped: true, seedLoadedAt: outcome.loadedAt },
    );
  }
  installShutdown(app, log, config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
  logStartupPhase(log, 'listen', phaseStart);
  const url = `http://localhost:${config.port}`;
  log.info(
    { url, startupMs: Math.round(performance.now() - startedAt), sinceProcessStartMs: Math.round(performance.now()) },
    `善筹 is listening on ${url}`,
  );
  // What V8 compiled during boot is written now that it is over (about 0.2 s, once after a build:
  // a start that found it all cached writes nothing). Not at exit: what V8 hands out then is half
  // as much (4.2 MB instead of 8.8), and would be kept as a slower cache.
  setImmediate(() => {
    const written = flushCompileCache();
    if (written.written) log.info({ compileCache: written }, 'compile cache written');
    else if (written.error) log.info({ compileCache: written }, 'compile cache not written');
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
