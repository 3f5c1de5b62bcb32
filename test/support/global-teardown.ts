import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_DATABASE_URL } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_DB_ENV];
  if (TEST_DATABASE_URL && template) {
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (dump) rmSync(path.dirname(dump), { recursive: true, force: true });
}
