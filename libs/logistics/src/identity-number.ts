/** GB 11643-1999 weights of the first 17 characters of a 居民身份证号码. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = '10X98765432';

/** The check character for 17 digits (ISO 7064 MOD 11-2). */
export function identityCheckCharacter(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return CHECKS[sum % 11];
}

/** True for 17 digits and the matching check character (X upper or lower case). */
export function isIdentityNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false;
  return identityCheckCharacter(value.slice(0, 17)) === value[17].toUpperCase();
}
