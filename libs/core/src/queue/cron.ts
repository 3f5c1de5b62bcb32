/**
 * A schedule by the clock of a time zone, as BullMQ's job schedulers take it: `{ pattern, tz }`.
 * Only daily patterns (`M H * * *`) are accepted, so the in-process driver can compute the next
 * fire itself and both drivers agree on every schedule the platform declares.
 */
export interface CronSchedule {
  /** `M H * * *`: every day at H:M (cron minute and hour, no ranges or steps). */
  pattern: string;
  /** An IANA zone, e.g. Asia/Shanghai. */
  tz: string;
}

const DAILY = /^(\d{1,2}) (\d{1,2}) \* \* \*$/;

/** The hour and minute of a daily pattern; throws on anything else, naming the pattern. */
export function parseDailyPattern(pattern: string): { hour: number; minute: number } {
  const m = DAILY.exec(pattern.trim());
  const minute = Number(m?.[1]);
  const hour = Number(m?.[2]);
  if (!m || minute > 59 || hour > 23) {
    throw new Error(`unsupported schedule pattern "${pattern}": only daily "M H * * *" patterns are supported`);
  }
  return { hour, minute };
}

/** Minutes the zone is ahead of UTC at that instant (Asia/Shanghai: 480). Throws on an unknown zone. */
export function zoneOffsetMinutes(tz: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!m) throw new Error(`cannot read the UTC offset of time zone ${tz}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * The first instant strictly after `after` when the zone's wall clock shows the schedule's time.
 * Exact in zones without daylight saving (Asia/Shanghai); in a zone that has it, a time that a
 * transition skips or repeats fires once, an hour off on that one day.
 */
export function nextDailyFire(schedule: CronSchedule, after: Date): Date {
  const { hour, minute } = parseDailyPattern(schedule.pattern);
  const wall = new Date(after.getTime() + zoneOffsetMinutes(schedule.tz, after) * 60_000);
  for (let day = 0; day <= 2; day++) {
    const local = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + day, hour, minute);
    // The offset of the candidate itself, so a DST change between now and then is followed.
    let fire = local - zoneOffsetMinutes(schedule.tz, new Date(local)) * 60_000;
    fire = local - zoneOffsetMinutes(schedule.tz, new Date(fire)) * 60_000;
    if (fire > after.getTime()) return new Date(fire);
  }
  throw new Error(`no next fire for "${schedule.pattern}" in ${schedule.tz}`);
}
