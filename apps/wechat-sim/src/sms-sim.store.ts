import { randomBytes } from 'node:crypto';

/** A text message as the stand-in delivered it. */
export interface SimSms {
  /** The 11-digit mobile number, without +86. */
  phone: string;
  signName: string;
  templateId: string;
  /** The template's parameters: for the verification template, the code then the minutes. */
  params: string[];
  serialNo: string;
  receivedAt: string;
}

/** Tencent's default frequency limits per number (频率限制, adjustable in its console). */
export const SMS_LIMITS = { thirtySeconds: 1, oneHour: 5, oneDay: 10 } as const;

export type SimSmsLimitCode =
  | 'LimitExceeded.PhoneNumberThirtySecondLimit'
  | 'LimitExceeded.PhoneNumberOneHourLimit'
  | 'LimitExceeded.PhoneNumberDailyLimit';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** Midnight in China of the day `now` falls in: Tencent's "a day" is a natural day there. */
function shanghaiMidnight(now: number): number {
  return Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** The stand-in's memory of text messages and of its outages (development and tests only). */
export class SmsSimStore {
  readonly messages: SimSms[] = [];
  private outageUntil = 0;

  /** Why Tencent would refuse another message to `phone` now, by its default limits; undefined: it would send. */
  limitFor(phone: string, now = Date.now()): SimSmsLimitCode | undefined {
    const sent = this.messages.filter((m) => m.phone === phone).map((m) => Date.parse(m.receivedAt));
    const within = (ms: number) => sent.filter((at) => at > now - ms).length;
    if (within(30_000) >= SMS_LIMITS.thirtySeconds) return 'LimitExceeded.PhoneNumberThirtySecondLimit';
    if (within(3600_000) >= SMS_LIMITS.oneHour) return 'LimitExceeded.PhoneNumberOneHourLimit';
    const midnight = shanghaiMidnight(now);
    if (sent.filter((at) => at >= midnight).length >= SMS_LIMITS.oneDay) return 'LimitExceeded.PhoneNumberDailyLimit';
    return undefined;
  }

  deliver(message: Omit<SimSms, 'serialNo' | 'receivedAt'>, now = Date.now()): SimSms {
    const delivered: SimSms = {
      ...message,
      params: [...message.params],
      serialNo: `2640:${randomBytes(8).readBigUInt64BE().toString()}`,
      receivedAt: new Date(now).toISOString(),
    };
    this.messages.push(delivered);
    return delivered;
  }

  /** Until `seconds` from now every send fails as Tencent's does when it is in trouble (0: ends it). */
  beginOutage(seconds: number, now = Date.now()): void {
    this.outageUntil = seconds > 0 ? now + seconds * 1000 : 0;
  }

  down(now = Date.now()): boolean {
    return now < this.outageUntil;
  }

  get outageEndsAt(): Date | undefined {
    return this.down() ? new Date(this.outageUntil) : undefined;
  }

  /** Forgets every message (and so every rate counter) and ends an outage: each test starts clean. */
  reset(): void {
    this.messages.length = 0;
    this.outageUntil = 0;
  }
}
