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
