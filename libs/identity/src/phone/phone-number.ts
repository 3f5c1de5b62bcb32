import { InputError } from '@shanchou/core';

/** A mainland China mobile number as carriers issue them: 11 digits starting 13–19. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The 11 digits of a mainland mobile number as people type it: spaces and dashes dropped, a +86
 * or 0086 country prefix taken off. Anything else is refused naming the field.
 */
export function mainlandMobile(raw: string, field: string): string {
  const digits = (raw ?? '').replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!MAINLAND_MOBILE.test(digits))
    throw new InputError(field, `手机号须为 11 位中国大陆手机号码（1 开头），不是 ${JSON.stringify(raw ?? '')}`);
  return digits;
}

/** 138****1234: what a page, a receipt or a log may show of a number. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
