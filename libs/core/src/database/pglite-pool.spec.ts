import { DataSource } from 'typeorm';
import { openPglite, PgliteHandle } from './pglite-pool';

/** The embedded database must behave like a pool of real connections would. */
describe('PGlite pool', () => {
  let pglite: PgliteHandle;
  let ds: DataSource;

  beforeAll(async () => {
    pglite = openPglite();
    ds = new DataSource({
      type: 'postgres',
      driver: pglite.driver,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
    });
    await ds.initialize();
    await ds.query(
      'CREATE TABLE gift (id serial PRIMARY KEY, amount_fen bigint NOT NULL, at timestamptz NOT NULL DEFAULT now())',
    );
  });
  afterAll(() => ds.destroy());
  beforeEach(() => ds.query('TRUNCATE gift'));

  it('takes arrays of an enum type created after it opened (migrations on a fresh database)', async () => {
    await ds.transaction(async (tx) => {
      await tx.query("CREATE TYPE mood AS ENUM ('glad', 'sad')");
      await tx.query('CREATE TABLE feeling (m mood NOT NULL)');
    });
    await ds.query("INSERT INTO feeling VALUES ('glad'), ('sad')");
    const rows: { m: string }[] = await ds.query('SELECT m FROM feeling WHERE m = ANY($1) ORDER BY m', [['sad']]);
    expect(rows).toEqual([{ m: 'sad' }]);
    const cast: { ms: string }[] = await ds.query('SELECT $1::mood[]::text AS ms', [['glad', 'sad']]);
    expect(cast).toEqual([{ ms: '{glad,sad}' }]);
  });

  it('keeps the shared buffers of a throw-away in-memory database small (PostgreSQL clears them at every start)', async () => {
    expect(await ds.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '16MB' }]);
  });

  it('sends a Date as the instant it is, to the microsecond PostgreSQL keeps (here PGlite is another realm’s)', async () => {
    const at = new Date('2026-05-01T01:02:03.456Z');
    await ds.query('INSERT INTO gift (amount_fen, at) VALUES ($1, $2)', [100, at]);
    const rows: { at: Date; text: string }[] = await ds.query(
      "SELECT at, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS text FROM gift",
    );
    expect(rows[0].at.getTime()).toBe(at.getTime());
    expect(rows[0].text).toBe('2026-05-01 01:02:03.456000');
  });

  it('keeps concurrent transactions apart: one rolling back does not undo the other', async () => {
    let releaseFirst!: () => void;
    const firstMayFinish = new Promise<void>((r) => (releaseFirst = r));
    const failing = ds.transaction(async (tx) => {
      await tx.query('INSERT INTO gift (amount_fen) VALUES (100)');
      await firstMayFinish;
      throw new Error('card declined');
    });
    const succeeding = ds.transaction(async (tx) => {
      await tx.query('INSERT INTO gift (amount_fen) VALUES (200)');
    });
    releaseFirst();
    await expect(failing).rejects.toThrow('card declined');
    await succeeding;
    const rows: { amount_fen: string }[] = await ds.query('SELECT amount_fen FROM gift');
    expect(rows).toEqual([{ amount_fen: '200' }]);
  });

  it('returns values as node-postgres does: bigint and count as strings, timestamptz as Date', async () => {
    await ds.query('INSERT INTO gift (amount_fen) VALUES ($1)', ['9007199254740993']);
    const [row]: { amount_fen: unknown; at: unknown; n: unknown; ok: unknown; tags: unknown }[] = await ds.query(
      `SELECT amount_fen, at, (SELECT count(*) FROM gift) AS n, true AS ok, ARRAY[1,2]::bigint[] AS tags FROM gift`,
    );
    expect(row.amount_fen).toBe('9007199254740993');
    expect(row.n).toBe('1');
    expect(row.at).toBeInstanceOf(Date);
    expect(row.ok).toBe(true);
    expect(row.tags).toEqual(['1', '2']);
  });

  it('reports affected rows for UPDATE and DELETE', async () => {
    await ds.query('INSERT INTO gift (amount_fen) VALUES (1), (2), (3)');
    const [, updated]: [unknown, number] = await ds.query(
      'UPDATE gift SET amount_fen = amount_fen + 1 WHERE amount_fen > 1',
    );
    expect(updated).toBe(2);
    const [, deleted]: [unknown, number] = await ds.query('DELETE FROM gift');
    expect(deleted).toBe(3);
  });

  it('rolls back a transaction its holder abandoned before handing the session on', async () => {
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('INSERT INTO gift (amount_fen) VALUES (7)');
    await runner.release(); // never committed
    const rows: unknown[] = await ds.query('SELECT * FROM gift');
    expect(rows).toEqual([]);
  });
});
