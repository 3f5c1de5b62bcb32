import 'reflect-metadata';
import { MIGRATIONS, MIGRATIONS_TABLE, openPglite, SnakeNamingStrategy } from '@shanchou/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_DATABASE_URL, withDatabase } from './test-env';

/**
 * Migrates one template database for the whole run; every test file then starts from a copy
 * (CREATE DATABASE … TEMPLATE on Postgres, a data-dir dump on PGlite) in milliseconds.
 */
export default async function globalSetup(): Promise<void> {
  if (TEST_DATABASE_URL) {
    const name = `shanchou_tpl_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const ds = new DataSource({
      type: 'postgres',
      url: withDatabase(TEST_DATABASE_URL, name),
      migrations: MIGRATIONS,
      migrationsTableName: MIGRATIONS_TABLE,
      namingStrategy: new SnakeNamingStrategy(),
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    process.env[TEMPLATE_DB_ENV] = name;
    return;
  }
  const pglite = openPglite();
  const ds = new DataSource({
    type: 'postgres',
    driver: pglite.driver,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const db = await pglite.db;
  const dump = await db.dumpDataDir('none');
  await ds.destroy();
  const dir = mkdtempSync(path.join(tmpdir(), 'shanchou-test-'));
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_DUMP_ENV] = file;
}
