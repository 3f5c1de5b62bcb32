import { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger, Migration } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { RootLogger } from '../logging/logger';
import { logStartupPhase } from '../logging/startup-phase';
import { MIGRATIONS } from './migrations';
import { openPglite, PgliteHandle } from './pglite-pool';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How long a request waits for a database connection before SERVICE_UNAVAILABLE. */
export const DATABASE_CONNECT_TIMEOUT_MS = 2000;

/** Where TypeORM records the migrations applied. */
export const MIGRATIONS_TABLE = 'schema_migration';

export interface DatabaseOptions {
  /** Use a throw-away in-memory PGlite instead of DATA_DIR (migration generation, tests). */
  inMemory?: boolean;
  /** Start from a dump of a migrated database (tests). */
  pgliteTemplate?: Blob;
  /** Run pending migrations at start; defaults to on in embedded mode. */
  runMigrations?: boolean;
}

/** Routes TypeORM's messages into the JSON log: errors and warnings only, queries never. */
class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly out: RootLogger) {}
  logQuery(): void {}
  logQueryError(error: string | Error, query: string): void {
    this.out.debug({ err: error, query }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.out.warn({ timeMs: time, query }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.out.info({ context: 'migrations' }, message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn({ context: 'typeorm' }, String(message));
  }
}

export function typeormOptions(
  config: AppConfig,
  log: RootLogger,
  options: DatabaseOptions = {},
): TypeOrmModuleOptions & { pglite?: PgliteHandle; startupLog?: RootLogger } {
  const common = {
    type: 'postgres' as const,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each' as const,
    migrationsRun: options.runMigrations ?? config.embedded,
    synchronize: false,
    autoLoadEntities: true,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    maxQueryExecutionTime: 1000,
    logger: new PinoTypeOrmLogger(log.child({ context: 'database' })),
    retryAttempts: config.nodeEnv === 'test' ? 0 : 5,
    retryDelay: 2000,
  };
  if (config.database.kind === 'postgres') {
    return {
      ...common,
      url: config.database.url,
      poolSize: config.database.poolSize,
      applicationName: 'shanchou',
      // Waiting for a pooled connection, or opening one, gives up after this: a database that is
      // down or unreachable answers SERVICE_UNAVAILABLE in seconds, not when the client's socket
      // gives up (pg-pool's default is to wait for ever).
      connectTimeoutMS: DATABASE_CONNECT_TIMEOUT_MS,
      // READ COMMITTED whatever the server's default_transaction_isolation says: Transactions.run
      // relies on it instead of setting it in every transaction (a round trip each).
      extra: { statement_timeout: 30_000, options: '-c default_transaction_isolation=read\\ committed' },
    };
  }
  const openedAt = performance.now();
  const pglite = openPglite(options.inMemory ? undefined : config.database.dataDir, {
    loadDataDir: options.pgliteTemplate,
  });
  if (!options.inMemory) {
    pglite.db.then(
      () => logStartupPhase(log, 'pglite open', openedAt),
      () => undefined, // the data source reports the failure
    );
  }
  return { ...common, driver: pglite.driver, database: 'postgres', pglite, startupLog: log };
}

/**
 * TypeORM's data source, timing its start (connect, entity metadata, the migrations check) and
 * the migrations it ran: on a database already up to date that is one query and none applied.
 */
export class TimedDataSource extends DataSource {
  private readonly startupLog?: RootLogger;

  constructor(options: DataSourceOptions & { startupLog?: RootLogger }) {
    const { startupLog, ...rest } = options;
    super(rest);
    this.startupLog = startupLog;
  }

  override async initialize(): Promise<this> {
    const startedAt = performance.now();
    await super.initialize();
    if (this.startupLog) logStartupPhase(this.startupLog, 'database', startedAt);
    return this;
  }

  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]): Promise<Migration[]> {
    const startedAt = performance.now();
    const applied = await super.runMigrations(options);
    if (this.startupLog) logStartupPhase(this.startupLog, 'migrations', startedAt, { applied: applied.length });
    return applied;
  }
}
