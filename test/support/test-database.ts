import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_DATABASE_URL, withDatabase } from './test-env';

/** A private, migrated database for one test file (or one test), dropped by `drop()`. */
export interface TestDatabase {
  /** Postgres: the URL of the copy. Undefined on PGlite. */
  url?: string;
  /** PGlite: the migrated template to load. */
  pgliteTemplate?: Blob;
  drop(): Promise<void>;
}

export async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (TEST_DATABASE_URL) {
    const template = process.env[TEMPLATE_DB_ENV];
    if (!template) throw new Error('global-setup did not prepare a template database');
    const name = `shanchou_t_${randomBytes(6).toString('hex')}`;
    await admin((c) =>
      c.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`),
    );
    return {
      url: withDatabase(TEST_DATABASE_URL, name),
      drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  if (options.empty) return { drop: () => Promise.resolve() };
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (!dump) throw new Error('global-setup did not prepare a template dump');
  return { pgliteTemplate: new Blob([readFileSync(dump)]), drop: () => Promise.resolve() };
}
