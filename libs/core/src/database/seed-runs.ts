import { DataSource } from 'typeorm';

/** The last load of a named seed into this database: what it was (its fingerprint) and when. */
export interface SeedRun {
  fingerprint: string;
  loadedAt: Date;
}

/** Seed runs, by name (`seed_run`): read before a seed, written after it. */
export class SeedRuns {
  constructor(private readonly db: DataSource) {}

  async last(name: string): Promise<SeedRun | null> {
    const rows: { fingerprint: string; loaded_at: Date | string }[] = await this.db.query(
      `SELECT fingerprint, loaded_at FROM seed_run WHERE name = $1`,
      [name],
    );
    return rows[0] ? { fingerprint: rows[0].fingerprint, loadedAt: new Date(rows[0].loaded_at) } : null;
  }

  async record(name: string, fingerprint: string): Promise<void> {
    await this.db.query(
      `INSERT INTO seed_run (name, fingerprint, loaded_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, loaded_at = EXCLUDED.loaded_at`,
      [name, fingerprint],
    );
  }
}
