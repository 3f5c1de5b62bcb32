import { createTestContext, createTestDatabase, TestDatabase } from '@shanchou/test';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Migrations up on an empty database, in step with the entities, and reversible. */
describe('migrations', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let ds: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
    ctx = await createTestContext(database, {}, { database: { pgliteTemplate: undefined, runMigrations: true } });
    ds = ctx.app.get(DataSource);
  });
  afterAll(async () => {
    await ctx.close();
    await database.drop();
  });

  it('brings an empty database to the latest version', async () => {
    const applied: { name: string }[] = await ds.query('SELECT name FROM schema_migration ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    const tables: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['outbox_message', 'region', 'service_node']),
    );
  });

  it('matches the entities: generating a migration now would produce nothing', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration and applies them again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const left: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`,
    );
    expect(left).toEqual([]);
    await ds.runMigrations({ transaction: 'each' });
    expect(await ds.showMigrations()).toBe(false);
  });
});
