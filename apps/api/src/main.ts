import 'reflect-metadata';
import { CampaignService } from '@shanchou/campaigns';
import { createRootLogger, loadConfigOrExit, installShutdown } from '@shanchou/core';
import { StaffService } from '@shanchou/identity';
import { HouseholdService } from '@shanchou/logistics';
import { RegionService } from '@shanchou/regions';
import { seedDemo } from '@shanchou/seeds';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const log = createRootLogger({ level: config.logLevel, service: 'api' });
  log.info(
    { database: config.database.kind, queue: config.redisUrl ? 'bullmq' : 'in-process', runJobs: config.runJobs },
    'starting 善筹',
  );
  const app = await createApi(config, log);
  if (config.seedDemo) {
    const result = await seedDemo(
      {
        regions: app.get(RegionService),
        staff: app.get(StaffService),
        campaigns: app.get(CampaignService),
        households: app.get(HouseholdService),
      },
      config.nodeEnv,
    );
    log.info({ seed: result }, 'demo seed loaded');
  }
  installShutdown(app, log, config.shutdownTimeoutMs);
  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  log.info({ url, startupMs: Math.round(performance.now() - startedAt) }, `善筹 is listening on ${url}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
