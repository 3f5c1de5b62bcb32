import { AppConfig } from '@shanchou/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A throw-away database for one bench run: beside DATABASE_URL's, or an embedded one in a temp dir. */
export async function scratchDatabase(
  prefix: string,
  poolSize: number,
  /** A database of this name kept after the run (created when missing, reused when there): `--keep`. */
  keep?: string,
): Promise<{ env: Record<string, string>; drop: () => Promise<void>; reused: boolean }> {
  const url = AppConfig.fromProcessEnv({}, 'cli').database;
  if (url.kind === 'postgres') {
    if (keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(keep))
      throw new Error(`--keep ${keep}: a database name in lower case letters, digits and _`);
    const name = keep ?? `${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: url.url });
    await admin.connect();
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    const reused = found.rowCount === 1;
    if (!reused) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url.url);
    u.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: u.toString(), DATABASE_POOL_SIZE: String(poolSize) },
      reused,
      drop: async () => {
        if (keep) return;
        const c = new Client({ connectionString: url.url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  if (keep) throw new Error('--keep needs DATABASE_URL: an embedded scratch database is a temporary folder');
  return {
    env: { DATA_DIR: dir },
    reused: false,
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

/** The p-th percentile of ascending latencies (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
