import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, InputError, NotFoundError, Transactions } from '@shanchou/core';
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { derivedSecret } from '../auth-secret';
import { SmsSender } from '../sms/sms-sender';
import { KeptPhone, PhoneIndex } from './phone-index';
import { mainlandMobile, maskPhone } from './phone-number';
import { PhoneVerificationRepository } from './phone-verification.repository';

/** How long a code works, as the SMS says. */
export const PHONE_CODE_MINUTES = 5;
/** Wrong codes before a code is dead: six digits and five tries is one chance in 200,000. */
export const PHONE_CODE_ATTEMPTS = 5;
/** A donor waits this long between two codes (the provider's own limit is 30 s). */
export const PHONE_CODE_RESEND_SECONDS = 60;
/** Codes a donor may ask for in a day, and codes one number may receive in a day from us. */
export const PHONE_CODES_PER_DONOR_DAY = 10;
export const PHONE_CODES_PER_NUMBER_DAY = 5;

const DAY_MS = 24 * 3600_000;

export interface PhoneCodeSent {
  phoneMasked: string;
  expiresAt: Date;
  resendAfterSeconds: number;
}

/** A code that matched: the number it proves, to be used up in the change it allows. */
export interface ProvedPhone extends KeptPhone {
  verificationId: string;
}

/**
 * 手机号验证: a donor signed in through WeChat proves a number is theirs with a six-digit code sent
 * by SMS. Codes are kept as an HMAC bound to their row, live five minutes, die after five wrong
 * tries, and are throttled per donor and per number, so the platform cannot be used to flood a
 * stranger's phone nor to guess a code.
 */
@Injectable()
export class PhoneVerificationService {
  private readonly codeKey: Buffer;

  constructor(
    private readonly codes: PhoneVerificationRepository,
    private readonly phones: PhoneIndex,
    private readonly sms: SmsSender,
    private readonly transactions: Transactions,
    config: AppConfig,
  ) {
    this.codeKey = derivedSecret(config, 'phone-code');
  }

  async sendCode(donorId: string, raw: string): Promise<PhoneCodeSent> {
    const phone = mainlandMobile(raw, 'phone');
    const phoneHash = this.phones.hashOf(phone);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = await this.transactions.run(async (tx) => {
      if (!(await this.codes.lockDonor(tx, donorId))) throw new NotFoundError('Donor', donorId);
      await this.assertMayAsk(tx, donorId, phoneHash);
      const expiresAt = new Date(Date.now() + PHONE_CODE_MINUTES * 60_000);
      const id = randomUUID();
      await this.codes.insert(tx, { id, donorId, phoneHash, codeHash: this.codeHashOf(id, code), expiresAt });
      return { id, expiresAt };
    });
    try {
      await this.sms.sendVerificationCode(phone, code, PHONE_CODE_MINUTES);
    } catch (err) {
      // Not sent: it must not count against the donor's waits and limits.
      await this.codes.delete(row.id);
      throw err;
    }
    return { phoneMasked: maskPhone(phone), expiresAt: row.expiresAt, resendAfterSeconds: PHONE_CODE_RESEND_SECONDS };
  }

  /**
   * The number proved by `code`, or an error naming what is wrong with the code (a wrong one
   * counts against its tries even though this request fails). The caller uses it up with
   * `consume` in the transaction of the change it allows.
   */
  async check(donorId: string, raw: string, code: string): Promise<ProvedPhone> {
    const phone = mainlandMobile(raw, 'phone');
    const typed = (code ?? '').trim();
    if (!/^\d{6}$/.test(typed)) throw new InputError('code', '验证码为短信里的 6 位数字');
    const hash = this.phones.hashOf(phone);
    const latest = await this.codes.latestFor(donorId, hash);
    if (!latest || latest.usedAt) throw new InputError('code', '请先获取验证码');
    if (latest.expiresAt.getTime() <= Date.now()) throw new InputError('code', '验证码已过期，请重新获取');
    const tried = await this.codes.countTry(latest.id, PHONE_CODE_ATTEMPTS);
    if (!tried) throw new InputError('code', '验证码输错次数过多，请重新获取');
    if (!this.matches(tried.id, typed, tried.codeHash)) {
      const left = PHONE_CODE_ATTEMPTS - tried.attempts;
      throw new InputError('code', left > 0 ? `验证码不正确，还可以再试 ${left} 次` : '验证码不正确，请重新获取');
    }
    return { verificationId: tried.id, hash, masked: maskPhone(phone) };
  }

  /** Uses up a proved code and gives its number to the donor, in the caller's transaction. */
  async consume(tx: EntityManager, donorId: string, proved: ProvedPhone): Promise<Date> {
    if (!(await this.codes.consume(tx, proved.verificationId)))
      throw new ConflictError('这个验证码已经用过了，请重新获取', 'code');
    return this.codes.setDonorPhone(tx, donorId, proved);
  }

  /** Donors who proved these numbers, by the number's hash (for gifts recorded against them). */
  donorsByPhone(tx: EntityManager, hashes: readonly string[]): Promise<Map<string, string>> {
    return this.codes.donorIdsByPhoneHash(tx, hashes);
  }

  private async assertMayAsk(tx: EntityManager, donorId: string, phoneHash: string): Promise<void> {
    const latest = await this.codes.latestOfDonor(tx, donorId);
    const waited = latest ? (Date.now() - latest.createdAt.getTime()) / 1000 : Infinity;
    if (waited < PHONE_CODE_RESEND_SECONDS)
      throw new ConflictError(`验证码已发送，请 ${Math.ceil(PHONE_CODE_RESEND_SECONDS - waited)} 秒后再获取`, 'phone');
    const since = new Date(Date.now() - DAY_MS);
    if ((await this.codes.countSince(tx, { donorId }, since)) >= PHONE_CODES_PER_DONOR_DAY)
      throw new ConflictError('今天获取验证码的次数已达上限，请明天再试', 'phone');
    if ((await this.codes.countSince(tx, { phoneHash }, since)) >= PHONE_CODES_PER_NUMBER_DAY)
      throw new ConflictError('这个手机号今天收到的验证码已达上限，请明天再试', 'phone');
  }

  private codeHashOf(verificationId: string, code: string): string {
    return createHmac('sha256', this.codeKey).update(`${verificationId}:${code}`).digest('hex');
  }

  private matches(verificationId: string, code: string, kept: string): boolean {
    const a = Buffer.from(this.codeHashOf(verificationId, code), 'hex');
    const b = Buffer.from(kept, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
