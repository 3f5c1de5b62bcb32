import { AuthService, LOGIN_POLICY, TokenSigner } from '@shanchou/identity';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';
import { randomBytes } from 'node:crypto';

const ME = '{ me { staff { username role region { code } } donor { id } } }';

describe('staff sign-in and sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('signs a demo account in and answers `me` with its role and region', async () => {
    const res = await t.gql<{ login: { token: string; expiresAt: string; viewer: { staff: { username: string } } } }>(
      'mutation { login(username: "demo-town", password: "demo123456") { token expiresAt viewer { staff { username } } } }',
    );
    expect(res.errors).toBeUndefined();
    const { token, expiresAt, viewer } = res.data!.login;
    expect(viewer.staff.username).toBe('demo-town');
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
    const me = await t.gql(ME, {}, bearer(token));
    expect(me.data).toEqual({
      me: { staff: { username: 'demo-town', role: 'TOWN_OPERATOR', region: { code: '370404001' } }, donor: null },
    });
  });

  it('accepts the username in any case', async () => {
    expect(await loginAs(t, 'Demo-Village')).toEqual(expect.any(String));
  });

  it('answers `me` without a token with UNAUTHENTICATED', async () => {
    const res = await t.gql(ME);
    expect(outcome(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('refuses a forged token', async () => {
    const token = await loginAs(t, 'demo-town');
    const [body] = token.split('.');
    const forgedSig = `${body}.${randomBytes(32).toString('base64url')}`;
    const otherSecret = new TokenSigner('attacker-secret'.padEnd(40, '!')).sign({ sid: 'x', kind: 'staff', exp: 9e9 });
    for (const bad of [forgedSig, otherSecret, 'not-a-token']) {
      expect(outcome(await t.gql(ME, {}, bearer(bad)))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an expired token', async () => {
    const token = await loginAs(t, 'demo-town');
    const [body] = token.split('.');
    const { sid } = JSON.parse(Buffer.from(body, 'base64url').toString()) as { sid: string };
    const secret = t.config.authTokenSecret!;
    const expired = new TokenSigner(secret).sign({ sid, kind: 'staff', exp: Math.floor(Date.now() / 1000) - 1 });
    expect(outcome(await t.gql(ME, {}, bearer(expired)))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token after sign-out', async () => {
    const token = await loginAs(t, 'demo-town');
    expect((await t.gql<{ logout: boolean }>('mutation { logout }', {}, bearer(token))).data).toEqual({ logout: true });
    expect(outcome(await t.gql(ME, {}, bearer(token)))).toBe('UNAUTHENTICATED');
  });

  it('ends a disabled staff member’s sessions at once, and lets them in again when enabled', async () => {
    const admin = await loginAs(t, 'demo-district');
    const created = await t.gql<{ createStaff: { id: string } }>(
      `mutation { createStaff(input: { username: "li-disable", displayName: "李", role: VILLAGE_OPERATOR, regionCode: "370404001002", password: "li-pass-2026" }) { id } }`,
      {},
      bearer(admin),
    );
    const id = created.data!.createStaff.id;
    const token = await loginAs(t, 'li-disable', 'li-pass-2026');
    expect(outcome(await t.gql(ME, {}, bearer(token)))).toBe('OK');
    expect(outcome(await t.gql(`mutation { disableStaff(staffId: "${id}") { enabled } }`, {}, bearer(admin)))).toBe(
      'OK',
    );
    expect(outcome(await t.gql(ME, {}, bearer(token)))).toBe('UNAUTHENTICATED');
    const again = await t.gql('mutation { login(username: "li-disable", password: "li-pass-2026") { token } }');
    expect(again.errors![0]).toMatchObject({
      message: '用户名或密码不正确',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await t.gql(`mutation { enableStaff(staffId: "${id}") { enabled } }`, {}, bearer(admin));
    expect(await loginAs(t, 'li-disable', 'li-pass-2026')).toEqual(expect.any(String));
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await t.gql('mutation { login(username: "nobody-here", password: "demo123456") { token } }');
    const wrong = await t.gql('mutation { login(username: "demo-town2", password: "wrong-pass1") { token } }');
    expect(unknown.errors![0].message).toBe('用户名或密码不正确');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(outcome(wrong)).toBe('UNAUTHENTICATED');
  });

  it('ends other sessions when a password is reset, and the old password stops working', async () => {
    const admin = await loginAs(t, 'demo-district');
    const created = await t.gql<{ createStaff: { id: string } }>(
      `mutation { createStaff(input: { username: "wang-reset", displayName: "王", role: VILLAGE_OPERATOR, regionCode: "370404001003", password: "wang-first-2026" }) { id } }`,
      {},
      bearer(admin),
    );
    const id = created.data!.createStaff.id;
    const token = await loginAs(t, 'wang-reset', 'wang-first-2026');
    const reset = await t.gql(
      `mutation { resetStaffPassword(staffId: "${id}", newPassword: "wang-second-2026") { id } }`,
      {},
      bearer(admin),
    );
    expect(outcome(reset)).toBe('OK');
    expect(outcome(await t.gql(ME, {}, bearer(token)))).toBe('UNAUTHENTICATED');
    expect(
      outcome(await t.gql('mutation { login(username: "wang-reset", password: "wang-first-2026") { token } }')),
    ).toBe('UNAUTHENTICATED');
    const fresh = await loginAs(t, 'wang-reset', 'wang-second-2026');
    const weak = await t.gql(
      'mutation { changeMyPassword(currentPassword: "wang-second-2026", newPassword: "short") { id } }',
      {},
      bearer(fresh),
    );
    expect(weak.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'newPassword' } });
    const changed = await t.gql(
      'mutation { changeMyPassword(currentPassword: "wang-second-2026", newPassword: "wang-third-2026") { id } }',
      {},
      bearer(fresh),
    );
    expect(outcome(changed)).toBe('OK');
    expect(outcome(await t.gql(ME, {}, bearer(fresh)))).toBe('OK');
  });

  it(`throttles the ${LOGIN_POLICY.maxFailuresPerUsername + 1}th wrong password in a minute, and a right one during the lockout fails too`, async () => {
    const admin = await loginAs(t, 'demo-district');
    const username = `bf-${randomBytes(3).toString('hex')}`;
    await t.gql(
      `mutation { createStaff(input: { username: "${username}", displayName: "暴力测试", role: VILLAGE_OPERATOR, regionCode: "370404002001", password: "bf-right-2026" }) { id } }`,
      {},
      bearer(admin),
    );
    const attempt = (password: string) =>
      t.gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', {
        u: username,
        p: password,
      });
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) {
      expect((await attempt(`wrong-guess-${i}`)).errors![0].message).toBe('用户名或密码不正确');
    }
    const sixth = await attempt('wrong-guess-5');
    expect(sixth.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(sixth.errors![0].message).toBe('登录失败次数过多，请 15 分钟后再试');
    const right = await attempt('bf-right-2026');
    expect(right.errors![0].message).toMatch(/^登录失败次数过多/);
    expect(right.data).toBeNull();
    // Another account from the same address is not locked by this one.
    expect(await loginAs(t, 'demo-town2')).toEqual(expect.any(String));
  });

  it('forgets sessions that ended more than 30 days ago, and keeps the rest', async () => {
    const ds = t.app.get(DataSource);
    await loginAs(t, 'demo-town');
    const [{ staff_id: staffId }]: { staff_id: string }[] = await ds.query(
      `SELECT staff_id FROM auth_session WHERE staff_id IS NOT NULL LIMIT 1`,
    );
    const [old]: { id: string }[] = await ds.query(
      `INSERT INTO auth_session (staff_id, expires_at, revoked_at) VALUES ($1, now() - interval '40 days', now() - interval '40 days') RETURNING id`,
      [staffId],
    );
    const [{ n: live }]: { n: string }[] = await ds.query(
      'SELECT count(*) AS n FROM auth_session WHERE expires_at > now() AND revoked_at IS NULL',
    );
    expect(await t.app.get(AuthService).purgeEndedSessions()).toBeGreaterThanOrEqual(1);
    expect(await ds.query('SELECT id FROM auth_session WHERE id = $1', [old.id])).toEqual([]);
    const [{ n: after }]: { n: string }[] = await ds.query(
      'SELECT count(*) AS n FROM auth_session WHERE expires_at > now() AND revoked_at IS NULL',
    );
    expect(after).toBe(live);
  });
});
