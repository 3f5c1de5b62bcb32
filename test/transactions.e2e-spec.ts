import { AppConfig, createRootLogger, Transactions, typeormOptions } from '@shanchou/core';
import { createTestContext, createTestDatabase, TestDatabase } from '@shanchou/test';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * One transaction per change costs three round trips (START TRANSACTION, the work, COMMIT), not
 * four: READ COMMITTED is the connection's default, pinned at connect, so it is not set again in
 * every transaction; another isolation is still set when asked for. Both database modes.
 */
describe('Transactions', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let transactions: Transactions;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database);
    transactions = ctx.app.get(Transactions);
  });
  afterAll(async () => {
    await ctx.close();
    await database.drop();
  });

  /** The statements `run` sent, in order, and what the work read. */
  const sent = async (work: () => Promise<string>): Promise<{ statements: string[]; read: string }> => {
    const statements: string[] = [];
    const original = PostgresQueryRunner.prototype.query;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
      this: PostgresQueryRunner,
      ...args: Parameters<PostgresQueryRunner['query']>
    ) {
      statements.push(args[0]);
      return original.apply(this, args);
    });
    try {
      const read = await work();
      return { statements, read };
    } finally {
      spy.mockRestore();
    }
  };
  const isolationIn = (tx: { query(sql: string): Promise<{ transaction_isolation: string }[]> }) =>
    tx.query('SHOW transaction_isolation').then((rows) => rows[0].transaction_isolation);

  it('runs READ COMMITTED in three statements, without setting the isolation', async () => {
    const { statements, read } = await sent(() => transactions.run((tx) => isolationIn(tx)));
    expect(read).toBe('read committed');
    expect(statements).toEqual(['START TRANSACTION', 'SHOW transaction_isolation', 'COMMIT']);
  });

  it('sets another isolation when asked for', async () => {
    const { statements, read } = await sent(() => transactions.run((tx) => isolationIn(tx), 'REPEATABLE READ'));
    expect(read).toBe('repeatable read');
    expect(statements).toEqual([
      'START TRANSACTION',
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      'SHOW transaction_isolation',
      'COMMIT',
    ]);
  });

  it('connects READ COMMITTED even where the database defaults to SERIALIZABLE (PostgreSQL)', async () => {
    const config = ctx.app.get(AppConfig);
    if (config.database.kind !== 'postgres') {
      // PGlite is this process's own database, opened with PostgreSQL's defaults: nobody sets another.
      const ds = ctx.app.get(DataSource);
      const rows: { default_transaction_isolation: string }[] = await ds.query('SHOW default_transaction_isolation');
      expect(rows[0].default_transaction_isolation).toBe('read committed');
      return;
    }
    const admin = new Client({ connectionString: config.database.url });
    await admin.connect();
    const name = new URL(config.database.url).pathname.slice(1);
    await admin.query(`ALTER DATABASE "${name}" SET default_transaction_isolation = 'serializable'`);
    try {
      // What the platform's pool sends at connect, on a new connection.
      const extra = (
        typeormOptions(config, createRootLogger({ level: 'silent', service: 'test' })) as { extra: object }
      ).extra;
      const client = new Client({ connectionString: config.database.url, ...extra });
      await client.connect();
      const plain = new Client({ connectionString: config.database.url });
      await plain.connect();
      try {
        const pinned = await client.query<{ transaction_isolation: string }>('SHOW transaction_isolation');
        const unpinned = await plain.query<{ transaction_isolation: string }>('SHOW transaction_isolation');
        expect(unpinned.rows[0].transaction_isolation).toBe('serializable');
        expect(pinned.rows[0].transaction_isolation).toBe('read committed');
      } finally {
        await client.end();
        await plain.end();
      }
    } finally {
      await admin.query(`ALTER DATABASE "${name}" RESET default_transaction_isolation`);
      await admin.end();
    }
  });
});
