import { hashPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies only the right password', async () => {
    const a = await hashPassword('demo123456');
    const b = await hashPassword('demo123456');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('demo123456', a)).toBe(true);
    expect(await verifyPassword('demo123457', a)).toBe(false);
    expect(await verifyPassword('demo123456', 'md5$abc')).toBe(false);
  });
});
