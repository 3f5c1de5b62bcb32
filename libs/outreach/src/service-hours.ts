/** What the hours of a sign-up depend on. */
export interface AttendanceTimes {
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
}

export interface EventTimes {
  startsAt: Date;
  endsAt: Date;
}

/** Check-out stays open this long after the scheduled end, for volunteers who stay to clear up. */
export const CHECK_OUT_GRACE_MS = 2 * 3600_000;

/** When check-out closes for an event. */
export function checkOutClosesAt(event: EventTimes): Date {
  return new Date(event.endsAt.getTime() + CHECK_OUT_GRACE_MS);
}

/**
 * Are the hours settled? Yes once the volunteer checked out, or once check-out has closed (a
 * volunteer who never checked out is then counted to the scheduled end).
 */
export function hoursSettled(attendance: AttendanceTimes, event: EventTimes, now: Date): boolean {
  if (!attendance.checkedInAt) return false;
  return attendance.checkedOutAt !== null || now.getTime() >= checkOutClosesAt(event).getTime();
}

/**
 * Minutes of service (服务时长), whole minutes rounded down:
 * - from check-in to check-out, at most the event's scheduled length (arriving early to set up
 *   counts, staying late does not stretch the event);
 * - checked in but never checked out: to the scheduled end, once check-out has closed (two hours
 *   after the end; staff who know better check the volunteer out before); nothing until then;
 * - never checked in: nothing.
 */
export function serviceMinutes(attendance: AttendanceTimes, event: EventTimes, now: Date): number {
  const { checkedInAt, checkedOutAt } = attendance;
  if (!checkedInAt || !hoursSettled(attendance, event, now)) return 0;
  const until = checkedOutAt ?? event.endsAt;
  const served = until.getTime() - checkedInAt.getTime();
  const length = event.endsAt.getTime() - event.startsAt.getTime();
  return Math.floor(Math.max(0, Math.min(served, length)) / 60_000);
}

/** Hours for display and totals: minutes / 60, to two decimals. */
export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}
