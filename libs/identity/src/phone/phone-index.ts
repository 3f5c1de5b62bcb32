import { Injectable } from '@nestjs/common';
import { AppConfig } from '@shanchou/core';
import { createHmac } from 'node:crypto';
import { derivedSecret } from '../auth-secret';
import { mainlandMobile, maskPhone } from './phone-number';

/** A phone number as the platform keeps it: a keyed hash to look it up by, and the masked digits to show. */
export interface KeptPhone {
  hash: string;
  masked: string;
}

/**
 * Phone numbers are kept only as a keyed hash (HMAC-SHA256 under a key derived from the auth
 * secret) beside their masked form: enough to find the gifts recorded against a number once its
 * owner proves it by SMS, and nothing a leaked table could be dialled from (PIPL's minimum). A
 * changed AUTH_TOKEN_SECRET unties the numbers already kept (README).
 */
@Injectable()
export class PhoneIndex {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = derivedSecret(config, 'phone-index');
  }

  hashOf(phone: string): string {
    return createHmac('sha256', this.key).update(phone).digest('hex');
  }

  /** The number typed in `field`, checked and kept; null when none was given. */
  keep(raw: string | null | undefined, field: string): KeptPhone | null {
    if (raw === null || raw === undefined || raw.trim() === '') return null;
    const phone = mainlandMobile(raw, field);
    return { hash: this.hashOf(phone), masked: maskPhone(phone) };
  }
}
