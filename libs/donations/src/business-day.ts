/** Business days (营业日) are Asia/Shanghai calendar days: UTC+8 all year, no daylight saving. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isBusinessDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

/** The business day an instant falls on. */
export function businessDateOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instants of a business day: [from, to). */
export function businessDayBounds(date: string): { from: Date; to: Date } {
  const from = Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
  return { from: new Date(from), to: new Date(from + DAY_MS) };
}

/** The business day before the one `now` falls on. */
export function previousBusinessDate(now: Date): string {
  return businessDateOf(new Date(now.getTime() - DAY_MS));
}
