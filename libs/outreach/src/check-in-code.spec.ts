import { randomBytes, randomUUID } from 'node:crypto';
import { CHECK_IN_CODE_TTL_MS, CheckInCodes } from './check-in-code';
import { AttendanceAction } from './outreach-kind';

describe('check-in codes', () => {
  const codes = new CheckInCodes(randomBytes(32));
  const now = new Date('2026-12-01T01:00:00Z');
  const eventId = randomUUID();

  it('reads back the event and action of a fresh code', () => {
    const { code, expiresAt } = codes.issue(eventId, AttendanceAction.CHECK_OUT, now);
    expect(expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(CHECK_IN_CODE_TTL_MS);
    expect(codes.read(code, new Date(now.getTime() + 60_000))).toEqual({
      eventId,
      action: AttendanceAction.CHECK_OUT,
      expiresAt,
    });
  });

  it('refuses an expired code, naming the field', () => {
    const { code, expiresAt } = codes.issue(eventId, AttendanceAction.CHECK_IN, now);
    expect(() => codes.read(code, expiresAt)).toThrow('code: 签到码已过期');
  });

  it('refuses a code whose event, action or expiry was altered, and one signed with another key', () => {
    const { code } = codes.issue(eventId, AttendanceAction.CHECK_IN, now);
    const [, , expiry, mac] = code.split('.');
    for (const forged of [
      `${randomUUID()}.i.${expiry}.${mac}`,
      `${eventId}.o.${expiry}.${mac}`,
      `${eventId}.i.${Number(expiry) + 3600}.${mac}`,
      new CheckInCodes(randomBytes(32)).issue(eventId, AttendanceAction.CHECK_IN, now).code,
      'not-a-code',
    ]) {
      expect(() => codes.read(forged, now)).toThrow('code: 这不是活动签到码');
    }
  });
});
