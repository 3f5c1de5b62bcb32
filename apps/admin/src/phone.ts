/** A mainland China mobile number as carriers issue them: 11 digits starting 13–19 (as libs/identity checks it). */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The 11 digits of a mainland mobile number as people type it (spaces and dashes dropped, a +86 or
 * 0086 prefix taken off), as the server reads it; null when it is not one.
 */
export function mainlandMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return MAINLAND_MOBILE.test(digits) ? digits : null;
}

/** 138****1234: what a page or a receipt shows of a number. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
