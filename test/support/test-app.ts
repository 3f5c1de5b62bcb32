import { LedgerSequencer } from '@shanchou/ledger';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { ApiOptions, CliModule, createApi } from '@shanchou/api';
import { AppConfig, CoreOptions, createRootLogger, LogLevel, PgliteHandle, RootLogger } from '@shanchou/core';
import { seedDemo } from '@shanchou/seeds';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { admin, createTestDatabase, TestDatabase } from './test-database';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV, TEST_DATABASE_URL, TEST_REDIS_URL, withDatabase } from './test-env';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [k: string]: unknown } }[];
}

export interface TestApp {
  app: NestFastifyApplication;
  /** With `listen`: http://127.0.0.1:<port>, which is also PUBLIC_BASE_URL. */
  baseUrl?: string;
  config: AppConfig;
  /** Every JSON log line the app wrote. */
  logs: Record<string, unknown>[];
  queuePrefix: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<T>>;
  /** Integrates every queued ledger entry now, as the sequencer would within the merge delay. */
  integrateLedger(): Promise<number>;
  close(): Promise<void>;
}

export interface TestAppOptions extends ApiOptions {
  /** Listen on a free loopback port (for flows over real HTTP, such as WeChat OAuth); `baseUrl` is set. */
  listen?: boolean;
  env?: Record<string, string>;
  database?: TestDatabase;
  /** Start from the demo seed (createDemoDatabase), not from an empty, migrated database. */
  demo?: boolean;
  logLevel?: LogLevel;
}

/** The config a test app runs with: the suite's servers, quiet logs, no demo seed. */
export function testConfig(database: TestDatabase, env: Record<string, string> = {}): AppConfig {
  return AppConfig.from({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    AUTH_TOKEN_SECRET: 'test-secret-'.padEnd(48, 'x'),
    RATE_LIMIT_PER_MINUTE: '100000',
    // The stand-in's refunds settle in a fifth of a second: PROCESSING for a while, not for seconds.
    WECHAT_SIM_REFUND_SETTLE_MS: '200',
    // The ledger's sequencer does not run on its own: a test integrates when it means to
    // (integrateLedger), so what it reads does not depend on a timer.
    LEDGER_MERGE_INTERVAL_MS: '0',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...(TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL, RUN_JOBS: 'true' } : {}),
    ...env,
  });
}

export function captureLogs(level: LogLevel, service = 'api'): { log: RootLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createRootLogger({ level, service }, sink), lines };
}

/** The whole API on the suite's database and queue, driven in-process through fastify.inject. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (options.demo ? await createDemoDatabase() : await createTestDatabase());
  const ownsDatabase = !options.database;
  const queuePrefix = `test-${randomBytes(5).toString('hex')}`;
  const port = options.listen ? await freePort() : undefined;
  const baseUrl = port ? `http://127.0.0.1:${port}` : undefined;
  const config = testConfig(database, {
    LOG_LEVEL: options.logLevel ?? 'warn',
    ...(port ? { PORT: String(port), PUBLIC_BASE_URL: baseUrl } : {}),
    // Each test app has its own Redis keys: queues, rate limits and login counters.
    REDIS_PREFIX: queuePrefix,
    ...options.env,
  });
  const { log, lines } = captureLogs(config.logLevel);
  const app = await createApi(config, log, {
    ...options,
    core: {
      ...options.core,
      database: {
        inMemory: true,
        pgliteTemplate: database.pgliteTemplate,
        runMigrations: false,
        ...options.core?.database,
      },
      queue: { ...options.core?.queue },
    },
  });
  if (port) await app.listen({ port, host: '127.0.0.1' });
  else await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    baseUrl,
    config,
    logs: lines,
    queuePrefix,
    async gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ query, variables }),
      });
      const body = res.json<Omit<GraphqlResponse<T>, 'status'>>();
      return { status: res.statusCode, ...body };
    },
    integrateLedger: () => app.get(LedgerSequencer).integrateAll(),
    async close() {
      await app.close();
      if (ownsDatabase) await database.drop();
      await deleteQueueKeys(queuePrefix);
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Removes the BullMQ keys of one test run from the shared Redis. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  if (!TEST_REDIS_URL) return;
  const redis = new IORedis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** Database, queue and domain services without HTTP or job processing: a process that only writes. */
export async function createTestContext(
  database: TestDatabase,
  env: Record<string, string> = {},
  core: CoreOptions = {},
) {
  const queuePrefix = `test-${randomBytes(5).toString('hex')}`;
  const config = testConfig(database, { REDIS_PREFIX: queuePrefix, ...env });
  const { log, lines } = captureLogs(config.logLevel);
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, log, {
      database: { inMemory: true, pgliteTemplate: database.pgliteTemplate, runMigrations: false, ...core.database },
      queue: { ...core.queue },
    }),
    { logger: false, abortOnError: false },
  );
  return {
    app,
    config,
    logs: lines,
    queuePrefix,
    integrateLedger: () => app.get(LedgerSequencer).integrateAll(),
    async close() {
      await app.close();
      await deleteQueueKeys(queuePrefix);
    },
  };
}

/**
 * A private database with the demo seed loaded (regions, staff, campaigns, households, events),
 * copied from a seeded template. Each jest worker seeds its template once, with the first test
 * file that asks, and every later file of that worker copies it in milliseconds: seeding took
 * about a second per file.
 */
export async function createDemoDatabase(): Promise<TestDatabase> {
  const worker = process.env.JEST_WORKER_ID ?? '1';
  if (TEST_DATABASE_URL) {
    const base = process.env[TEMPLATE_DB_ENV];
    if (!base) throw new Error('global-setup did not prepare a template database');
    const template = `${base}_demo_${worker}`;
    const exists = await admin((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]));
    if (exists.rowCount === 0) {
      // Seeded under another name and renamed: a template is never seen half-seeded.
      const seeding = `${template}_seeding`;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${seeding} WITH (FORCE)`));
      await admin((c) => c.query(`CREATE DATABASE ${seeding} TEMPLATE ${base}`));
      await seedOnly({ url: withDatabase(TEST_DATABASE_URL, seeding), drop: () => Promise.resolve() });
      await admin((c) => c.query(`ALTER DATABASE ${seeding} RENAME TO ${template}`));
    }
    const name = `shanchou_t_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    return {
      url: withDatabase(TEST_DATABASE_URL, name),
      drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const migrated = process.env[TEMPLATE_DUMP_ENV];
  if (!migrated) throw new Error('global-setup did not prepare a template dump');
  const file = path.join(path.dirname(migrated), `demo-${worker}.tar`);
  if (!existsSync(file)) {
    const dump = await seedOnly(await createTestDatabase());
    if (!dump) throw new Error('the embedded test database gave no dump');
    writeFileSync(`${file}.part`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${file}.part`, file);
  }
  return { pgliteTemplate: new Blob([readFileSync(file)]), drop: () => Promise.resolve() };
}

/** Loads the demo seed into a database in a context that runs no jobs; on PGlite, answers its dump. */
async function seedOnly(database: TestDatabase): Promise<Blob | undefined> {
  const context = await createTestContext(database);
  try {
    await seedDemo(context.app, 'test');
    const handle = (context.app.get(DataSource).options as { pglite?: PgliteHandle }).pglite;
    return handle ? await (await handle.db).dumpDataDir('none') : undefined;
  } finally {
    await context.close();
  }
}
