import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_DATABASE_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (TEST_DATABASE_URL && template) {
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    // The template, and the demo-seeded copies of it the workers made (test-app.ts).
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
      [template, `${template}\\_demo\\_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  }
  // The demo-seeded dumps lie beside the template's.
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (dump) rmSync(path.dirname(dump), { recursive: true, force: true });
}
