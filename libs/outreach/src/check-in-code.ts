import { InputError } from '@shanchou/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AttendanceAction } from './outreach-kind';

/** How long a code on the staff screen works: the screen shows a fresh one well before then. */
export const CHECK_IN_CODE_TTL_MS = 3 * 60_000;

export interface CheckInClaims {
  eventId: string;
  action: AttendanceAction;
  expiresAt: Date;
}

const ACTION_LETTER: Record<AttendanceAction, string> = {
  [AttendanceAction.CHECK_IN]: 'i',
  [AttendanceAction.CHECK_OUT]: 'o',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The code an event's QR shows: `<eventId>.<i|o>.<expiry seconds>.<HMAC-SHA256>`. Signed, so only
 * the platform makes one; expiring, so a photo of the screen passed around stops working soon.
 */
export class CheckInCodes {
  constructor(private readonly key: Buffer) {}

  issue(eventId: string, action: AttendanceAction, now: Date): { code: string; expiresAt: Date } {
    const expiry = Math.floor((now.getTime() + CHECK_IN_CODE_TTL_MS) / 1000);
    const body = `${eventId}.${ACTION_LETTER[action]}.${expiry}`;
    return { code: `${body}.${this.mac(body)}`, expiresAt: new Date(expiry * 1000) };
  }

  /** The claims of a genuine, unexpired code; BAD_USER_INPUT naming `code` otherwise. */
  read(code: string, now: Date): CheckInClaims {
    const parts = code.trim().split('.');
    const [eventId, letter, expiry, mac] = parts;
    const action = (Object.keys(ACTION_LETTER) as AttendanceAction[]).find((a) => ACTION_LETTER[a] === letter);
    if (parts.length !== 4 || !UUID.test(eventId) || !action || !/^\d{1,12}$/.test(expiry)) {
      throw new InputError('code', '这不是活动签到码：请扫工作人员屏幕上的二维码');
    }
    const expected = Buffer.from(this.mac(`${eventId}.${letter}.${expiry}`));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InputError('code', '这不是活动签到码：请扫工作人员屏幕上的二维码');
    }
    const expiresAt = new Date(Number(expiry) * 1000);
    if (expiresAt.getTime() <= now.getTime()) {
      throw new InputError('code', '签到码已过期：请重新扫工作人员屏幕上的二维码');
    }
    return { eventId, action, expiresAt };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
