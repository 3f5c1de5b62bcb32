import fc from 'fast-check';
import { nextDailyFire, parseDailyPattern, zoneOffsetMinutes } from './cron';

const AT_1030_SHANGHAI = { pattern: '30 10 * * *', tz: 'Asia/Shanghai' };
const at = (iso: string) => new Date(iso);

/** The wall-clock hour and minute in a zone, as Intl reads them. */
function wallClock(tz: string, instant: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

describe('daily schedules: the next fire', () => {
  it('fires at 10:30 Shanghai time, later the same day when that is still ahead', () => {
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2026-11-28T01:00:00Z'))).toEqual(at('2026-11-28T02:30:00Z'));
  });

  it('fires the next day once the time has passed, or is now', () => {
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2026-11-28T02:30:00Z'))).toEqual(at('2026-11-29T02:30:00Z'));
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2026-11-28T02:30:00.001Z'))).toEqual(at('2026-11-29T02:30:00Z'));
  });

  it('counts the day by Shanghai, not UTC: 01:00 on the 29th in Shanghai is still the 28th in UTC', () => {
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2026-11-28T17:00:00Z'))).toEqual(at('2026-11-29T02:30:00Z'));
    const halfPastMidnight = { pattern: '30 0 * * *', tz: 'Asia/Shanghai' };
    expect(nextDailyFire(halfPastMidnight, at('2026-11-28T16:00:00Z'))).toEqual(at('2026-11-28T16:30:00Z'));
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2026-12-31T03:00:00Z'))).toEqual(at('2027-01-01T02:30:00Z'));
    expect(nextDailyFire(AT_1030_SHANGHAI, at('2028-02-28T03:00:00Z'))).toEqual(at('2028-02-29T02:30:00Z'));
  });

  it('is the first matching instant after any moment (Shanghai and UTC)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('Asia/Shanghai', 'UTC'),
        (after, hour, minute, tz) => {
          const fire = nextDailyFire({ pattern: `${minute} ${hour} * * *`, tz }, after);
          const wait = fire.getTime() - after.getTime();
          expect(wait).toBeGreaterThan(0);
          expect(wait).toBeLessThanOrEqual(24 * 3600_000);
          expect(fire.getTime() % 60_000).toBe(0);
          expect(wallClock(tz, fire)).toBe(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
        },
      ),
    );
  });

  it('reads zone offsets: Shanghai is eight hours ahead all year', () => {
    expect(zoneOffsetMinutes('Asia/Shanghai', at('2026-01-15T00:00:00Z'))).toBe(480);
    expect(zoneOffsetMinutes('Asia/Shanghai', at('2026-07-15T00:00:00Z'))).toBe(480);
    expect(zoneOffsetMinutes('UTC', at('2026-07-15T00:00:00Z'))).toBe(0);
    expect(zoneOffsetMinutes('America/New_York', at('2026-01-15T00:00:00Z'))).toBe(-300);
    expect(() => zoneOffsetMinutes('Mars/Olympus_Mons', new Date())).toThrow();
  });

  it('refuses patterns that are not daily', () => {
    expect(parseDailyPattern('30 10 * * *')).toEqual({ hour: 10, minute: 30 });
    for (const pattern of [
      '*/5 * * * *',
      '30 10 * * 1',
      '30 10 1 * *',
      '60 10 * * *',
      '30 24 * * *',
      '0 30 10 * * *',
    ]) {
      expect(() => parseDailyPattern(pattern)).toThrow(/only daily/);
    }
  });
});
