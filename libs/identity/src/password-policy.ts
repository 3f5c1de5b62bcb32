import { COMMON_PASSWORDS } from './common-passwords';
import { WeakPasswordError } from './identity.errors';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a new password is refused; null when it may be set. */
export type PasswordProblem = 'length' | 'common' | 'username' | null;

/** Characters as a person counts them (a Chinese character or an emoji is one). */
function lengthOf(password: string): number {
  return [...password.normalize('NFKC')].length;
}

/** One short unit over and over (aaaaaaaaaa, 1212121212, abcabcabca): as guessable as the list. */
function isRepetition(password: string): boolean {
  return /^(.{1,3})\1+.{0,2}$/su.test(password) && new Set(password).size <= 3;
}

/**
 * The rule for every new staff password (NIST SP 800-63B): 10 to 128 characters, not one of the
 * most common passwords, not the username. No composition rules: length and the list do the work.
 * Existing hashes are not re-judged: a password set under an older rule still signs in.
 */
export function passwordProblem(password: string, username?: string): PasswordProblem {
  const length = lengthOf(password);
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) return 'length';
  const folded = password.normalize('NFKC').toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || isRepetition(folded)) return 'common';
  if (username && folded === username.trim().toLowerCase()) return 'username';
  return null;
}

/** Throws BAD_USER_INPUT naming `field` when the password may not be set. */
export function assertStrongPassword(password: string, field: string, username?: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new WeakPasswordError(field, problem);
}
