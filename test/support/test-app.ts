import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { ApiOptions, CliModule, createApi } from '@shanchou/api';
import { AppConfig, CoreOptions, createRootLogger, LogLevel, RootLogger } from '@shanchou/core';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import IORedis from 'ioredis';
import { createTestDatabase, TestDatabase } from './test-database';
import { TEST_REDIS_URL } from './test-env';

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
  close(): Promise<void>;
}

export interface TestAppOptions extends ApiOptions {
  /** Listen on a free loopback port (for flows over real HTTP, such as WeChat OAuth); `baseUrl` is set. */
  listen?: boolean;
  env?: Record<string, string>;
  database?: TestDatabase;
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
  const database = options.database ?? (await createTestDatabase());
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
    async close() {
      await app.close();
      await deleteQueueKeys(queuePrefix);
    },
  };
}
