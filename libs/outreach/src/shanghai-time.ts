const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai wall clock of an instant (China keeps no daylight saving). */
function wall(at: Date) {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hhmm: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    yyyymmdd: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`,
  };
}

/** "2026年12月1日 09:00", as WeChat template messages and certificates show time. */
export function shanghaiDateTime(at: Date): string {
  const w = wall(at);
  return `${w.year}年${w.month}月${w.day}日 ${w.hhmm}`;
}

/** "09:00", the end of an event on the same day. */
export function shanghaiClock(at: Date): string {
  return wall(at).hhmm;
}

/** The Asia/Shanghai business day, yyyymmdd. */
export function shanghaiDay(at: Date): string {
  return wall(at).yyyymmdd;
}
