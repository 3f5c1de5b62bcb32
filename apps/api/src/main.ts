import 'reflect-metadata';
import { createRootLogger, loadConfigOrExit, installShutdown, logStartupPhase } from '@shanchou/core';
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
  logStartupPhase(log, 'modules', 0);
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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
