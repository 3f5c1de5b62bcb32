import { InputError } from '@shanchou/core';
import { COMMON_PASSWORDS } from './common-passwords';
import { assertStrongPassword, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';
import { hashPassword, verifyPassword } from './password';

function refusal(password: string, username?: string): { field?: string; message: string } | null {
  try {
    assertStrongPassword(password, 'input.password', username);
    return null;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { field: err.field, message: err.message };
  }
}

describe('the password rule', () => {
  it('refuses fewer than 10 characters, naming the field in Chinese', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(refusal('abc12345x')).toEqual({
      field: 'input.password',
      message: 'input.password: 密码需要 10 到 128 个字符',
    });
    expect(refusal('x'.repeat(64) + 'y'.repeat(65))).toMatchObject({
      message: 'input.password: 密码需要 10 到 128 个字符',
    });
    // Characters as a person counts them: ten Chinese characters are ten, not thirty bytes.
    expect(passwordProblem('善筹平台登录密码很长的')).toBeNull();
    expect(passwordProblem('善筹平台登录密码很')).toBe('length');
  });

  it('refuses the common passwords, Chinese favourites included, whatever their case', () => {
    for (const common of [
      '123456789',
      'qwertyuiop',
      'woaini1314',
      'a123456789',
      'password123',
      'Password123',
      'QWERTYUIOP',
    ]) {
      expect(passwordProblem(common)).not.toBeNull();
    }
    expect(refusal('woaini1314')).toEqual({
      field: 'input.password',
      message: 'input.password: 这个密码太常见，容易被猜中，请换一个',
    });
    expect(refusal('1qaz2wsx3edc')?.message).toMatch(/太常见/);
  });

  it('refuses one short unit over and over, and the username itself', () => {
    for (const repeated of ['aaaaaaaaaa', '1212121212', 'abcabcabcabc', 'zzzzzzzzzzzz']) {
      expect(passwordProblem(repeated)).toBe('common');
    }
    expect(refusal('li-village-01', 'Li-Village-01')).toEqual({
      field: 'input.password',
      message: 'input.password: 密码不能与用户名相同',
    });
  });

  it('accepts the demo seed password and ordinary long ones; every listed entry is refused', () => {
    expect(COMMON_PASSWORDS.has('demo123456')).toBe(false);
    expect(refusal('demo123456')).toBeNull();
    expect(refusal('tanshan village 2026')).toBeNull();
    expect(refusal('correct horse battery')).toBeNull();
    for (const listed of COMMON_PASSWORDS) expect(passwordProblem(listed)).not.toBeNull();
  });

  it('leaves existing hashes alone: a password set under the old 8-character rule still verifies', async () => {
    const old = await hashPassword('pass1234');
    expect(passwordProblem('pass1234')).toBe('length');
    expect(await verifyPassword('pass1234', old)).toBe(true);
  });
});
