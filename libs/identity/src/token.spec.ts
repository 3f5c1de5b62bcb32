import { TokenSigner } from './token';

describe('TokenSigner', () => {
  const signer = new TokenSigner('s'.repeat(40));
  const now = 1_800_000_000;
  const token = signer.sign({ sid: '7d1f0c1e-0000-4000-8000-000000000001', kind: 'staff', exp: now + 60 });

  it('verifies its own unexpired tokens', () => {
    expect(signer.verify(token, now)).toEqual({
      sid: '7d1f0c1e-0000-4000-8000-000000000001',
      kind: 'staff',
      exp: now + 60,
    });
  });

  it('refuses an expired token', () => {
    expect(signer.verify(token, now + 60)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    expect(new TokenSigner('t'.repeat(40)).verify(token, now)).toBeNull();
  });

  it('refuses a token whose claims were edited', () => {
    const [body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, kind: 'donor', exp: now + 9999 })).toString('base64url');
    expect(signer.verify(`${forged}.${mac}`, now)).toBeNull();
  });

  it('refuses malformed tokens', () => {
    for (const bad of ['', 'abc', 'a.b.c', `${token}.x`, '.', 'e30.']) expect(signer.verify(bad, now)).toBeNull();
  });
});
