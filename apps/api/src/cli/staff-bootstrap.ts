import 'reflect-metadata';
import { ConfigError } from '@shanchou/core';
import { StaffService } from '@shanchou/identity';
import { cliContext } from './cli.module';
import { bootstrapDistrictAdmin } from './staff-bootstrap.command';

/**
 * npm run staff:bootstrap -- <username> <districtCode> [display name]   (password on stdin)
 *
 * Creates (or resets) a district admin, the first account of a new installation; every other
 * account is then created through createStaff, audited. Allowed in production.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  const [username, regionCode, ...name] = process.argv.slice(2);
  if (!username || !regionCode) {
    console.error('usage: echo "<password>" | npm run staff:bootstrap -- <username> <districtCode> [display name]');
    process.exit(2);
  }
  const password = await readStdin();
  const admin = await bootstrapDistrictAdmin(
    { username, regionCode, displayName: name.join(' ') || username, password },
    async () => {
      const { app } = await cliContext({ database: { runMigrations: false } });
      return { staff: app.get(StaffService), close: () => app.close() };
    },
  );
  console.log(`district admin ${admin} is ready`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
