import 'reflect-metadata';
import { ConfigError } from '@shanchou/core';
import { RegionService } from '@shanchou/regions';
import { YICHENG_DISTRICT } from '@shanchou/seeds';
import { cliContext } from './cli.module';

/**
 * npm run seed:regions — loads the 峄城区 region tree and its service nodes (idempotent).
 * Allowed in production: regions are public reference data, not demo accounts.
 */
async function main(): Promise<void> {
  const { app } = await cliContext({ database: { runMigrations: false } });
  try {
    const result = await app.get(RegionService).loadTree(YICHENG_DISTRICT);
    console.log(`regions loaded: ${result.regions} regions, ${result.nodes} service nodes`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
