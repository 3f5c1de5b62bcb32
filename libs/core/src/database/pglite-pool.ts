import { PGlite, type ParserOptions, type Results } from '@electric-sql/pglite';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { types as pgTypes } from 'pg';

/**
 * A `pg`-shaped driver over embedded PGlite, for TypeORM's postgres driver.
 *
 * PGlite is one Postgres session. Handing that one session to several TypeORM query runners at
 * once (as a naive pool does) interleaves their transactions: one runner's ROLLBACK undoes
 * another's work. This pool leases the session to one client at a time, FIFO, so transactions
 * are serialised exactly as they would be on a one-connection pool to a real server.
 *
 * Rows are parsed with node-postgres' own type parsers, so both database paths return the same
 * JavaScript values (bigint and numeric as strings, timestamps as Date).
 */

/** Every built-in type OID gets node-postgres' parser (arrays included); PGlite's own differ. */
function nodePostgresParsers(): ParserOptions {
  const parsers: ParserOptions = {};
  for (let oid = 1; oid < 5000; oid++) {
    const parse = pgTypes.getTypeParser(oid, 'text') as (value: string) => unknown;
    parsers[oid] = (value: string) => parse(value);
  }
  return parsers;
}

interface QueryResultLike {
  command: string;
  rowCount: number;
  rows: Record<string, unknown>[];
  fields: { name: string; dataTypeID: number }[];
}

type ConnectCallback = (err: Error | null, client: PgliteClient | null, release: (err?: unknown) => void) => void;

const COMMAND = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/;

function commandOf(sql: string): string {
  return (COMMAND.exec(sql)?.[1] ?? '').toUpperCase();
}

function toResult(sql: string, res: Results | undefined): QueryResultLike {
  const rows = (res?.rows ?? []) as Record<string, unknown>[];
  const command = commandOf(sql);
  const rowCount =
    command === 'SELECT' || command === 'WITH' || command === 'SHOW' ? rows.length : (res?.affectedRows ?? rows.length);
  return {
    command,
    rowCount,
    rows,
    fields: res?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [],
  };
}

/** A FIFO mutex: the PGlite session belongs to one lease holder at a time. */
class SessionLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/**
 * A Date goes as its ISO text, as node-postgres sends it: PGlite recognises only Dates of the realm
 * it was loaded in, and the tests load it once per worker, outside each test file's realm.
 */
function asParameter(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** DDL that adds, changes or removes a type (enums come with array types). */
const CHANGES_TYPES = /\b(CREATE|ALTER|DROP)\s+TYPE\b/i;

export class PgliteClient extends EventEmitter {
  private inTransaction = false;
  private released = false;

  constructor(
    private readonly db: PGlite,
    private readonly onRelease: () => void,
  ) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<QueryResultLike> {
    if (this.released) throw new Error('PGlite client used after release');
    const command = commandOf(sql);
    try {
      if (params && params.length > 0) {
        return toResult(sql, await this.db.query(sql, params.map(asParameter)));
      }
      // Without parameters, use the simple protocol: it allows several statements at once.
      const results = await this.db.exec(sql);
      // PGlite serialises array parameters by the array types it knew when it opened: a type made
      // since (a migration on a fresh database) would go out as a bare string.
      if (CHANGES_TYPES.test(sql)) await this.db.refreshArrayTypes();
      return toResult(sql, results[results.length - 1]);
    } finally {
      if (command === 'BEGIN' || command === 'START') this.inTransaction = true;
      if (command === 'COMMIT' || command === 'END' || (command === 'ROLLBACK' && !/\bTO\b/i.test(sql))) {
        this.inTransaction = false;
      }
    }
  }

  /** Gives the session back; a transaction left open by a crashed caller is rolled back first. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (!this.inTransaction) {
      this.onRelease();
      return;
    }
    this.db.exec('ROLLBACK').then(
      () => this.onRelease(),
      () => this.onRelease(),
    );
  }
}

export interface PgliteHandle {
  /** The `driver` option for TypeORM's postgres DataSource. */
  driver: { Pool: new () => PglitePool };
  db: Promise<PGlite>;
  close(): Promise<void>;
}

export class PglitePool extends EventEmitter {
  constructor(
    private readonly db: Promise<PGlite>,
    private readonly lock: SessionLock,
    private readonly onEnd: () => Promise<void>,
  ) {
    super();
  }

  connect(): Promise<PgliteClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<PgliteClient> | void {
    const leased = (async () => {
      const db = await this.db;
      await this.lock.acquire();
      return new PgliteClient(db, () => this.lock.release());
    })();
    if (!callback) return leased;
    leased.then(
      (client) => callback(null, client, () => client.release()),
      (err: Error) => callback(err, null, () => undefined),
    );
  }

  async query(sql: string, params?: unknown[]): Promise<QueryResultLike> {
    const client = await this.connect();
    try {
      return await client.query(sql, params);
    } finally {
      client.release();
    }
  }

  end(callback?: (err?: Error) => void): Promise<void> {
    const done = this.onEnd();
    if (callback)
      done.then(
        () => callback(),
        (err: Error) => callback(err),
      );
    return done;
  }
}

/**
 * Opens (or creates) an embedded database. `dataDir` undefined keeps it in memory, for tests.
 * `loadDataDir` starts from a dump (a migrated template), which is much faster than migrating.
 */
export function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): PgliteHandle {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = PGlite.create(dataDir, {
    parsers: nodePostgresParsers(),
    loadDataDir: options.loadDataDir,
    // A throw-away in-memory database holds little: 16 MB of shared buffers instead of 128, which
    // PostgreSQL clears at every start (a third of opening one, and the tests open dozens).
    ...(dataDir ? {} : { postgresqlconf: ['shared_buffers=16MB'] }),
  });
  const lock = new SessionLock();
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= db.then(async (d) => {
      await lock.acquire();
      try {
        if (!d.closed) await d.close();
      } finally {
        lock.release();
      }
    });
    return closing;
  };
  class BoundPool extends PglitePool {
    constructor() {
      super(db, lock, close);
    }
  }
  return { driver: { Pool: BoundPool }, db, close };
}
