/** The servers the suite runs against: real ones when CI sets the URLs, embedded otherwise. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;
export const TEST_REDIS_URL = process.env.REDIS_URL || undefined;
/** Set by global-setup: a migrated database (Postgres) or a dump of one (PGlite) to copy. */
export const TEMPLATE_DB_ENV = 'SHANCHOU_TEST_TEMPLATE_DB';
export const TEMPLATE_DUMP_ENV = 'SHANCHOU_TEST_TEMPLATE_DUMP';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Browser tests: where Chromium is, and a running server to test instead of starting one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const H5_BASE_URL = process.env.H5_BASE_URL || undefined;

/** The environment for an embedded `npm start` in the browser tests: this one without the servers CI sets. */
export function embeddedStartEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...overrides };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV;
  return env;
}
