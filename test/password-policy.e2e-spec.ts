import { bootstrapDistrictAdmin } from '@shanchou/api';
import { InputError } from '@shanchou/core';
import { hashPassword, Role, StaffService } from '@shanchou/identity';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

const TOO_SHORT = '密码需要 10 到 128 个字符';
const TOO_COMMON = '这个密码太常见，容易被猜中，请换一个';

type Gql = Awaited<ReturnType<TestApp['gql']>>;

function refusedFor(res: Gql, field: string, message: string): void {
  expect(res.errors?.[0]).toMatchObject({
    message: `${field}: ${message}`,
    extensions: { code: 'BAD_USER_INPUT', field },
  });
  expect(res.data ?? null).toBeNull();
}

describe('the password rule on every path that sets a password', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  const staffCount = async (username: string): Promise<number> => {
    const rows: unknown[] = await t.app.get(DataSource).query('SELECT 1 FROM staff WHERE username = $1', [username]);
    return rows.length;
  };

  const createStaff = (username: string, password: string): Promise<Gql> =>
    t.gql(
      `mutation($u: String!, $p: String!) { createStaff(input: { username: $u, displayName: "新人", role: VILLAGE_OPERATOR, regionCode: "370404001001", password: $p }) { id } }`,
      { u: username, p: password },
      bearer(admin),
    );

  it('createStaff: refuses short, common and username passwords, naming input.password, and creates nothing', async () => {
    refusedFor(await createStaff('pw-short', 'abc123456'), 'input.password', TOO_SHORT);
    refusedFor(await createStaff('pw-common', 'woaini1314'), 'input.password', TOO_COMMON);
    refusedFor(await createStaff('pw-common', 'Password123'), 'input.password', TOO_COMMON);
    refusedFor(await createStaff('pw-same-name', 'pw-same-name'), 'input.password', '密码不能与用户名相同');
    for (const u of ['pw-short', 'pw-common', 'pw-same-name']) expect(await staffCount(u)).toBe(0);
    expect(outcome(await createStaff('pw-good', 'village-pass-2026'))).toBe('OK');
    expect(await loginAs(t, 'pw-good', 'village-pass-2026')).toEqual(expect.any(String));
  });

  it('resetStaffPassword and changeMyPassword: refuse weak new passwords, naming newPassword; the old one keeps working', async () => {
    const created = await createStaff('pw-reset-user', 'first-pass-2026');
    const id = (created.data as { createStaff: { id: string } }).createStaff.id;
    const reset = (p: string) =>
      t.gql(
        'mutation($id: ID!, $p: String!) { resetStaffPassword(staffId: $id, newPassword: $p) { id } }',
        { id, p },
        bearer(admin),
      );
    refusedFor(await reset('a123456789'), 'newPassword', TOO_COMMON);
    refusedFor(await reset('short1'), 'newPassword', TOO_SHORT);
    refusedFor(await reset('PW-Reset-User'), 'newPassword', '密码不能与用户名相同');
    const token = await loginAs(t, 'pw-reset-user', 'first-pass-2026');
    const change = (p: string) =>
      t.gql(
        'mutation($c: String!, $p: String!) { changeMyPassword(currentPassword: $c, newPassword: $p) { id } }',
        { c: 'first-pass-2026', p },
        bearer(token),
      );
    refusedFor(await change('qwertyuiop'), 'newPassword', TOO_COMMON);
    refusedFor(await change('1234567890'), 'newPassword', TOO_COMMON);
    refusedFor(await change('nine-char'), 'newPassword', TOO_SHORT);
    // Nothing changed: the session lives on and the password is the old one.
    expect(outcome(await t.gql('{ me { staff { username } } }', {}, bearer(token)))).toBe('OK');
    expect(await loginAs(t, 'pw-reset-user', 'first-pass-2026')).toEqual(expect.any(String));
    expect(outcome(await change('second-pass-2026'))).toBe('OK');
    expect(await loginAs(t, 'pw-reset-user', 'second-pass-2026')).toEqual(expect.any(String));
  });

  it('provision (the demo seed, tests) refuses a weak password naming the account, and keeps demo123456', async () => {
    const staff = t.app.get(StaffService);
    const weak = {
      username: 'pw-provision',
      displayName: '种子',
      role: Role.VILLAGE_OPERATOR,
      regionCode: '370404001001',
      password: 'password123',
    };
    await expect(staff.provision([weak])).rejects.toMatchObject({
      field: 'accounts[0].password',
      message: `accounts[0].password: ${TOO_COMMON}`,
    });
    expect(await staffCount('pw-provision')).toBe(0);
    const [demo] = await staff.provision([{ ...weak, password: 'demo123456' }]);
    expect(demo.username).toBe('pw-provision');
  });

  it('staff:bootstrap refuses a weak password naming `password` before it opens the database', async () => {
    let opened = false;
    const open = () => {
      opened = true;
      return Promise.resolve({ staff: t.app.get(StaffService), close: () => Promise.resolve() });
    };
    for (const [password, message] of [
      ['123456789', TOO_SHORT],
      ['woaini1314', TOO_COMMON],
      ['a123456789', TOO_COMMON],
    ]) {
      const attempt = bootstrapDistrictAdmin(
        { username: 'pw-admin', regionCode: '370404', displayName: '区管理员', password },
        open,
      );
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toMatchObject({ field: 'password', message: `password: ${message}` });
    }
    expect(opened).toBe(false);
  });

  it('staff:bootstrap creates the district admin with a good password, and closes what it opened', async () => {
    let closed = false;
    const context = {
      staff: t.app.get(StaffService),
      close: () => {
        closed = true;
        return Promise.resolve();
      },
    };
    const username = `admin-${randomBytes(3).toString('hex')}`;
    const created = await bootstrapDistrictAdmin(
      { username, regionCode: '370404', displayName: '区管理员', password: 'district-admin-2026' },
      () => Promise.resolve(context),
    );
    expect(created).toBe(username);
    expect(closed).toBe(true);
    const token = await loginAs(t, username, 'district-admin-2026');
    const me = await t.gql<{ me: { staff: { role: string } } }>('{ me { staff { role } } }', {}, bearer(token));
    expect(me.data?.me.staff.role).toBe('DISTRICT_ADMIN');
  });

  it('signs in with a hash set under the old rule (existing accounts keep working)', async () => {
    const [member] = await t.app.get(StaffService).provision([
      {
        username: 'pw-legacy',
        displayName: '老账号',
        role: Role.VILLAGE_OPERATOR,
        regionCode: '370404001001',
        password: 'demo123456',
      },
    ]);
    await t.app
      .get(DataSource)
      .query('UPDATE staff SET password_hash = $1 WHERE id = $2', [await hashPassword('pass1234'), member.id]);
    expect(await loginAs(t, 'pw-legacy', 'pass1234')).toEqual(expect.any(String));
  });
});
