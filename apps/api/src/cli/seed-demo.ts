import 'reflect-metadata';
import { CampaignService } from '@shanchou/campaigns';
import { ConfigError } from '@shanchou/core';
import { StaffService } from '@shanchou/identity';
import { HouseholdService } from '@shanchou/logistics';
import { RegionService } from '@shanchou/regions';
import { seedDemo } from '@shanchou/seeds';
import { cliContext } from './cli.module';

/** npm run seed:demo — loads the demo data of API.md; idempotent; refused in production. */
async function main(): Promise<void> {
  const { app, config } = await cliContext({ database: { runMigrations: true } });
  try {
    if (config.isProduction) {
      console.error('seed:demo refuses to run with NODE_ENV=production: demo accounts never belong in production');
      process.exitCode = 1;
      return;
    }
    const result = await seedDemo(
      {
        regions: app.get(RegionService),
        staff: app.get(StaffService),
        campaigns: app.get(CampaignService),
        households: app.get(HouseholdService),
      },
      config.nodeEnv,
    );
    console.log(
      `demo seed loaded: ${result.regions.regions} regions, ${result.regions.nodes} service nodes, ${result.staff} staff, ${result.households} households`,
    );
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
