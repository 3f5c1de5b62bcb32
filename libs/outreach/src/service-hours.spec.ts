import { hoursSettled, minutesToHours, serviceMinutes } from './service-hours';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00+08:00`);
const event = { startsAt: at('09:00'), endsAt: at('11:30') };

describe('service hours', () => {
  it('runs from check-in to check-out', () => {
    expect(serviceMinutes({ checkedInAt: at('09:05'), checkedOutAt: at('10:35') }, event, at('12:00'))).toBe(90);
  });

  it('is capped at the event length, however early the check-in or late the check-out', () => {
    expect(serviceMinutes({ checkedInAt: at('08:00'), checkedOutAt: at('13:00') }, event, at('13:00'))).toBe(150);
  });

  it('counts an early arrival as service when the volunteer leaves early too', () => {
    expect(serviceMinutes({ checkedInAt: at('08:30'), checkedOutAt: at('10:00') }, event, at('10:00'))).toBe(90);
  });

  it('counts a volunteer who never checked out to the scheduled end, once check-out has closed', () => {
    const attendance = { checkedInAt: at('10:00'), checkedOutAt: null };
    expect(serviceMinutes(attendance, event, at('11:00'))).toBe(0);
    expect(hoursSettled(attendance, event, at('13:29'))).toBe(false);
    expect(serviceMinutes(attendance, event, at('13:30'))).toBe(90);
    expect(hoursSettled(attendance, event, at('13:30'))).toBe(true);
  });

  it('gives nothing without a check-in, and rounds down to whole minutes', () => {
    expect(serviceMinutes({ checkedInAt: null, checkedOutAt: null }, event, at('12:00'))).toBe(0);
    const inAt = at('09:00');
    const outAt = new Date(inAt.getTime() + 59_999);
    expect(serviceMinutes({ checkedInAt: inAt, checkedOutAt: outAt }, event, at('12:00'))).toBe(0);
  });

  it('shows hours to two decimals', () => {
    expect(minutesToHours(90)).toBe(1.5);
    expect(minutesToHours(100)).toBe(1.67);
  });
});
