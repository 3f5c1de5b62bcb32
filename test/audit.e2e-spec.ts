import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE } from '@shanchou/core';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';
import { DataSource } from 'typeorm';

interface AuditRow {
  action: string;
  actorUsername: string;
  targetId: string;
  summary: Record<string, unknown>;
  region: { code: string };
}

describe('audit log', () => {
  let t: TestApp;
  let admin: string;

  const entries = async (filter = '') =>
    (
      await t.gql<{ auditLog: { entries: AuditRow[] } }>(
        `{ auditLog(${filter} first: 200) { entries { action actorUsername targetId summary region { code } } } }`,
        {},
        bearer(admin),
      )
    ).data!.auditLog.entries;

  /** Runs a mutation as `token` and returns the audit rows it added. */
  async function audited(token: string, mutation: string): Promise<AuditRow[]> {
    const before = (await entries()).length;
    const res = await t.gql(mutation, {}, bearer(token));
    expect(outcome(res)).toBe('OK');
    return (await entries()).slice(0, (await entries()).length - before);
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  it('records every staff mutation once: who, what, which record, which region, the input without secrets', async () => {
    const town = await loginAs(t, 'demo-town');
    const [create] = await audited(
      town,
      'mutation { createStaff(input: { username: "zhao-audit", displayName: "赵", role: VILLAGE_OPERATOR, regionCode: "370404001004", password: "zhao-pass-2026" }) { id } }',
    );
    expect(create).toMatchObject({
      action: 'staff.create',
      actorUsername: 'demo-town',
      region: { code: '370404001004' },
      summary: { username: 'zhao-audit', role: 'VILLAGE_OPERATOR', regionCode: '370404001004', password: '[redacted]' },
    });
    const id = create.targetId;
    expect(JSON.stringify(create)).not.toContain('zhao-pass-2026');

    expect((await audited(town, `mutation { disableStaff(staffId: "${id}") { id } }`)).map((e) => e.action)).toEqual([
      'staff.disable',
    ]);
    expect((await audited(town, `mutation { enableStaff(staffId: "${id}") { id } }`)).map((e) => e.action)).toEqual([
      'staff.enable',
    ]);
    const reset = await audited(
      admin,
      `mutation { resetStaffPassword(staffId: "${id}", newPassword: "zhao-67890-x") { id } }`,
    );
    expect(reset).toEqual([
      expect.objectContaining({ action: 'staff.reset_password', actorUsername: 'demo-district', targetId: id }),
    ]);
    expect(reset[0].summary).toEqual({ staffId: id, newPassword: '[redacted]' });

    const zhao = await loginAs(t, 'zhao-audit', 'zhao-67890-x');
    const change = await audited(
      zhao,
      'mutation { changeMyPassword(currentPassword: "zhao-67890-x", newPassword: "zhao-13579-x") { id } }',
    );
    expect(change.map((e) => e.action)).toEqual(['staff.change_password']);
    expect((await audited(zhao, 'mutation { logout }')).map((e) => e.action)).toEqual(['session.logout']);
  });

  it('records sign-ins', async () => {
    const before = (await entries('filter: { action: "session.login", actorUsername: "demo-village" }')).length;
    await loginAs(t, 'demo-village');
    const after = await entries('filter: { action: "session.login", actorUsername: "demo-village" }');
    expect(after.length).toBe(before + 1);
    expect(after[0].region.code).toBe('370404001001');
  });

  it('filters by region subtree and pages newest first', async () => {
    const inTown = await entries('filter: { regionCode: "370404001" }');
    expect(inTown.length).toBeGreaterThan(0);
    expect(inTown.every((e) => e.region.code.startsWith('370404001'))).toBe(true);
    const page1 = await t.gql<{ auditLog: { entries: { id: string }[]; nextBefore: string } }>(
      '{ auditLog(first: 2) { entries { id } nextBefore } }',
      {},
      bearer(admin),
    );
    const { entries: first, nextBefore } = page1.data!.auditLog;
    expect(first).toHaveLength(2);
    expect(Number(first[0].id)).toBeGreaterThan(Number(first[1].id));
    const page2 = await t.gql<{ auditLog: { entries: { id: string }[] } }>(
      `{ auditLog(first: 2, before: "${nextBefore}") { entries { id } } }`,
      {},
      bearer(admin),
    );
    expect(Number(page2.data!.auditLog.entries[0].id)).toBeLessThan(Number(first[1].id));
  });

  it('cannot be rewritten or removed by the application’s database role', async () => {
    const ds = t.app.get(DataSource);
    const [{ n: before }]: { n: string }[] = await ds.query('SELECT count(*) AS n FROM audit_entry');
    await expect(ds.query(`UPDATE audit_entry SET actor_username = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
    await expect(ds.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
    const [{ n: after }]: { n: string }[] = await ds.query('SELECT count(*) AS n FROM audit_entry');
    expect(after).toBe(before);
    const rows: { actor_username: string }[] = await ds.query(
      `SELECT actor_username FROM audit_entry WHERE actor_username = 'someone-else'`,
    );
    expect(rows).toEqual([]);
  });

  it('names every action and every object in Chinese, for the console', async () => {
    const CHINESE = /[\u4e00-\u9fff]/;
    const choices = await t.gql<{ auditActions: { code: string; label: string }[] }>(
      '{ auditActions { code label } }',
      {},
      bearer(admin),
    );
    expect(choices.errors).toBeUndefined();
    const codes = choices.data!.auditActions.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(['staff.create', 'session.login', 'fund_request.approve']));
    for (const a of choices.data!.auditActions) expect(a.label).toMatch(CHINESE);
    // Every entry the earlier tests wrote (sign-ins, staff changes) reads in Chinese.
    const labelled = await t.gql<{
      auditLog: { entries: { action: string; actionLabel: string; targetType: string; targetLabel: string }[] };
    }>('{ auditLog(first: 200) { entries { action actionLabel targetType targetLabel } } }', {}, bearer(admin));
    const rows = labelled.data!.auditLog.entries;
    expect(rows.length).toBeGreaterThan(3);
    for (const e of rows) {
      expect(e.actionLabel).toMatch(CHINESE);
      expect(e.targetLabel).toMatch(CHINESE);
      expect(codes).toContain(e.action);
    }
    // Nobody outside the district's admins and auditors reads the list.
    const town = await loginAs(t, 'demo-town');
    expect(outcome(await t.gql('{ auditActions { code } }', {}, bearer(town)))).toBe('FORBIDDEN');
  });
});

describe('deny by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every query, mutation and route declares who may call it', () => {
    const scanner = new MetadataScanner();
    const missing: string[] = [];
    const checked: string[] = [];
    const discovery = new DiscoveryService(t.app.get(ModulesContainer));
    const wrappers = [...discovery.getProviders(), ...discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const cls = wrapper.metatype as object;
      const isController = Reflect.getMetadata('path', cls) !== undefined;
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const method = (instance as Record<string, unknown>)[name] as object;
        const resolverType = Reflect.getMetadata('graphql:resolver_type', method) as string | undefined;
        const isRoute = isController && Reflect.getMetadata('method', method) !== undefined;
        if (resolverType !== 'Query' && resolverType !== 'Mutation' && !isRoute) continue;
        checked.push(`${wrapper.name}.${name}`);
        if (!Reflect.getMetadata(ACCESS_RULE, method) && !Reflect.getMetadata(ACCESS_RULE, cls)) {
          missing.push(`${wrapper.name}.${name}`);
        }
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'RegionResolver.regions',
        'AuthResolver.login',
        'StaffResolver.createStaff',
        'HealthController.check',
        'OAuthController.authorize',
      ]),
    );
    expect(missing).toEqual([]);
  });
});
