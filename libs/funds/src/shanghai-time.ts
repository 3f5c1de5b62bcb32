const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const MINUTE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Asia/Shanghai day of a moment as yyyymmdd: the day part of a request's code. */
export function shanghaiDay(at: Date): string {
  return DAY.format(at).replaceAll('-', '');
}

/** A moment as people at the desk read it: 2026-12-10 15:04 (Beijing time). */
export function shanghaiMinute(at: Date): string {
  return MINUTE.format(at).replace(',', '');
}
