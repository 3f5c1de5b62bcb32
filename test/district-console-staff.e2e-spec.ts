import { Role, StaffService } from '@shanchou/identity';
import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  loadOtherDistrict,
  loginAs,
  outcome,
  TestApp,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

interface AuditRow {
  action: string;
  actorUsername: string;
  targetId: string;
  summary: Record<string, unknown>;
}

const PASSWORD = 'console-pass-2026';

/**
 * What the district console needs of the API (issue 17 items 1, 4 and 5): changing a staff
 * member's role or region, binding a staff member's WeChat, editing organisations, reading a
 * roster back, and a resolution note on a reconciliation difference.
 */
describe('the district console: staff, WeChat binding, organisations, rosters, reconciliation notes', () => {
  let t: TestApp;
  let district: string;
  let town: string;
  let town2: string;
  let village: string;
  let auditor: string;
  let serial = 0;

  const gql = <T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables: Record<string, unknown> = {},
  ) => t.gql<T>(query, variables, token ? bearer(token) : {});

  const audit = async (action: string, targetId: string): Promise<AuditRow[]> => {
    const res = await gql<{ auditLog: { entries: AuditRow[] } }>(
      district,
      'query($a: String!) { auditLog(filter: { action: $a }, first: 50) { entries { action actorUsername targetId summary } } }',
      { a: action },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.auditLog.entries.filter((e) => e.targetId === targetId);
  };

  /** A fresh member, provisioned outside any caller, with a password to sign in with. */
  const member = async (role: Role, regionCode: string): Promise<{ id: string; username: string }> => {
    const username = `console-${++serial}-${role.toLowerCase().replace('_', '-')}`;
    const [m] = await t.app
      .get(StaffService)
      .provision([{ username, displayName: `成员${serial}`, role, regionCode, password: PASSWORD }]);
    return { id: m.id, username };
  };

  /** The code the stand-in's authorize page hands back for this openid, as the console receives it. */
  const wechatCode = async (openid: string): Promise<string> => {
    const url = new URL(`${t.baseUrl}/wechat-sim/connect/oauth2/authorize`);
    url.search = new URLSearchParams({
      appid: t.config.wechat.appId,
      redirect_uri: `${t.baseUrl}/admin/`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'bind',
      openid,
    }).toString();
    const redirect = await fetch(url, { redirect: 'manual' });
    return new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  };

  const updateStaff = (token: string, staffId: string, input: Record<string, unknown>) =>
    gql<{ updateStaff: { id: string; displayName: string; role: string; region: { code: string } } }>(
      token,
      'mutation($s: ID!, $i: UpdateStaffInput!) { updateStaff(staffId: $s, input: $i) { id displayName role region { code } } }',
      { s: staffId, i: input },
    );
  const meStaff = (token: string) =>
    gql<{ me: { staff: { id: string; role: string } | null } }>(token, '{ me { staff { id role } } }');

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    // A second district, outside demo-district's scope.
    await loadOtherDistrict(t);
    [district, town, town2, village] = await Promise.all(
      ['demo-district', 'demo-town', 'demo-town2', 'demo-village'].map((u) => loginAs(t, u)),
    );
    const a = await member(Role.AUDITOR, '370404');
    auditor = await loginAs(t, a.username, PASSWORD);
  });
  afterAll(() => t?.close());

  describe('updateStaff', () => {
    it('moves a village operator to a town as its operator: audited before/after, their old session ends at once', async () => {
      const m = await member(Role.VILLAGE_OPERATOR, '370404001001');
      const theirs = await loginAs(t, m.username, PASSWORD);
      expect(outcome(await meStaff(theirs))).toBe('OK');

      const res = await updateStaff(district, m.id, {
        role: 'TOWN_OPERATOR',
        regionCode: '370404002',
        displayName: ' 吴林新操作员 ',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateStaff).toEqual({
        id: m.id,
        displayName: '吴林新操作员',
        role: 'TOWN_OPERATOR',
        region: { code: '370404002' },
      });

      // The old token stops working: the new rights take effect at once, by signing in again.
      expect(outcome(await meStaff(theirs))).toBe('UNAUTHENTICATED');
      const again = await loginAs(t, m.username, PASSWORD);
      expect((await meStaff(again)).data!.me.staff).toEqual({ id: m.id, role: 'TOWN_OPERATOR' });

      const [row] = await audit('staff.update', m.id);
      expect(row.actorUsername).toBe('demo-district');
      expect(row.summary).toMatchObject({
        staffId: m.id,
        before: { role: 'VILLAGE_OPERATOR', displayName: `成员${serial}` },
        after: { role: 'TOWN_OPERATOR', displayName: '吴林新操作员' },
        sessionsRevoked: true,
      });
    });

    it('keeps the sessions of a member whose name alone changed', async () => {
      const m = await member(Role.VILLAGE_OPERATOR, '370404001001');
      const theirs = await loginAs(t, m.username, PASSWORD);
      const res = await updateStaff(district, m.id, { displayName: '只改姓名' });
      expect(res.data?.updateStaff.displayName).toBe('只改姓名');
      expect(outcome(await meStaff(theirs))).toBe('OK');
    });

    it('refuses a role that does not fit the region, in Chinese, and changes nothing', async () => {
      const m = await member(Role.VILLAGE_OPERATOR, '370404001001');
      const theirs = await loginAs(t, m.username, PASSWORD);
      const misfit = await updateStaff(district, m.id, { role: 'TOWN_OPERATOR' });
      expect(outcome(misfit)).toBe('BAD_USER_INPUT');
      expect(misfit.errors![0].extensions).toMatchObject({ field: 'input.role' });
      expect(misfit.errors![0].message).toContain('镇街操作员');
      const wrongRegion = await updateStaff(district, m.id, { regionCode: '370404001' });
      expect(outcome(wrongRegion)).toBe('BAD_USER_INPUT');
      expect(wrongRegion.errors![0].extensions).toMatchObject({ field: 'input.regionCode' });
      const outside = await updateStaff(district, m.id, { regionCode: '370405001001' });
      expect(outcome(outside)).toBe('FORBIDDEN');
      expect(outside.errors![0].message).toContain('不在你的管辖区域内');
      const elsewhere = await member(Role.VILLAGE_OPERATOR, '370405001001');
      expect(outcome(await updateStaff(district, elsewhere.id, { displayName: '别区' }))).toBe('NOT_FOUND');
      expect((await meStaff(theirs)).data!.me.staff).toEqual({ id: m.id, role: 'VILLAGE_OPERATOR' });
      expect(await audit('staff.update', m.id)).toEqual([]);
    });

    it('refuses a district admin changing their own role or region, naming it; their own name they may change', async () => {
      const me = (await meStaff(district)).data!.me.staff!;
      const role = await updateStaff(district, me.id, { role: 'AUDITOR' });
      expect(outcome(role)).toBe('FORBIDDEN');
      expect(role.errors![0].message).toContain('角色');
      const region = await updateStaff(district, me.id, { regionCode: '370404001', role: 'TOWN_OPERATOR' });
      expect(outcome(region)).toBe('FORBIDDEN');
      const other = await member(Role.DISTRICT_ADMIN, '370404');
      const otherToken = await loginAs(t, other.username, PASSWORD);
      const move = await updateStaff(otherToken, other.id, { regionCode: '370404001', role: 'TOWN_OPERATOR' });
      expect(outcome(move)).toBe('FORBIDDEN');
      expect(move.errors![0].message).toMatch(/角色|所属区域/);
      expect((await meStaff(district)).data!.me.staff!.role).toBe('DISTRICT_ADMIN');
      const renamed = await updateStaff(otherToken, other.id, { displayName: '新名字' });
      expect(renamed.data?.updateStaff.displayName).toBe('新名字');
      expect(outcome(await meStaff(otherToken))).toBe('OK');
    });

    it('is for district admins only: town operators, auditors, village operators, donors and the public are refused', async () => {
      const m = await member(Role.VILLAGE_OPERATOR, '370404001001');
      for (const token of [town, auditor, village]) {
        expect(outcome(await updateStaff(token, m.id, { displayName: '不可' }))).toBe('FORBIDDEN');
      }
      const donor = await donorLogin(t, 'o-console-donor');
      expect(outcome(await updateStaff(donor.token, m.id, { displayName: '不可' }))).toBe('FORBIDDEN');
      expect(outcome(await gql(null, `mutation { updateStaff(staffId: "${m.id}", input: {}) { id } }`))).toBe(
        'UNAUTHENTICATED',
      );
      expect(outcome(await updateStaff(district, '00000000-0000-4000-8000-000000000000', {}))).toBe('NOT_FOUND');
    });
  });

  describe('bindMyWechat and unbindMyWechat', () => {
    const bind = (token: string, code: string) =>
      gql<{ bindMyWechat: { id: string; wechatBound: boolean } }>(
        token,
        'mutation($c: String!) { bindMyWechat(code: $c) { id wechatBound } }',
        { c: code },
      );

    it('binds the openid behind the code, never shows it, refuses a second member the same openid, and unbinds', async () => {
      const a = await member(Role.VILLAGE_OPERATOR, '370404001001');
      const b = await member(Role.VILLAGE_OPERATOR, '370404001001');
      const [ta, tb] = [await loginAs(t, a.username, PASSWORD), await loginAs(t, b.username, PASSWORD)];
      const unbound = await gql<{ me: { staff: { wechatBound: boolean } } }>(ta, '{ me { staff { wechatBound } } }');
      expect(unbound.data!.me.staff.wechatBound).toBe(false);

      const bound = await bind(ta, await wechatCode('o-staff-console-a'));
      expect(bound.errors).toBeUndefined();
      expect(bound.data!.bindMyWechat).toEqual({ id: a.id, wechatBound: true });
      const [row] = await t.app
        .get(DataSource)
        .query<{ wechat_openid: string }[]>('SELECT wechat_openid FROM staff WHERE id = $1', [a.id]);
      expect(row.wechat_openid).toBe('o-staff-console-a');

      const taken = await bind(tb, await wechatCode('o-staff-console-a'));
      expect(outcome(taken)).toBe('CONFLICT');
      expect(taken.errors![0].message).toContain('已绑定另一位工作人员');

      // The admin's list shows whether, never which.
      const listed = await gql<{ staffList: Record<string, unknown>[] }>(
        district,
        '{ staffList(regionCode: "370404001001") { id wechatBound } }',
      );
      expect(listed.data!.staffList.find((s) => s.id === a.id)).toEqual({ id: a.id, wechatBound: true });
      expect(JSON.stringify(listed.data)).not.toContain('o-staff-console-a');
      const [bindAudit] = await audit('staff.bind_wechat', a.id);
      expect(bindAudit.actorUsername).toBe(a.username);
      expect(JSON.stringify(bindAudit.summary)).not.toContain('o-staff-console-a');

      const unbind = await gql<{ unbindMyWechat: { wechatBound: boolean } }>(
        ta,
        'mutation { unbindMyWechat { wechatBound } }',
      );
      expect(unbind.data!.unbindMyWechat.wechatBound).toBe(false);
      expect(await audit('staff.unbind_wechat', a.id)).toHaveLength(1);
      // Once unbound, the openid is free for the other member.
      expect((await bind(tb, await wechatCode('o-staff-console-a'))).data?.bindMyWechat.wechatBound).toBe(true);
    });

    it('two members racing to bind one openid: exactly one wins, the other gets CONFLICT', async () => {
      const members = await Promise.all([1, 2, 3].map(() => member(Role.VILLAGE_OPERATOR, '370404001001')));
      const tokens = await Promise.all(members.map((m) => loginAs(t, m.username, PASSWORD)));
      const codes = await Promise.all(tokens.map(() => wechatCode('o-staff-race')));
      const results = await Promise.all(tokens.map((token, i) => bind(token, codes[i])));
      expect(results.map(outcome).sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    });

    it('refuses a donor, the public and a code WeChat did not issue', async () => {
      const donor = await donorLogin(t, 'o-console-donor2');
      expect(outcome(await bind(donor.token, await wechatCode('o-console-donor-bind')))).toBe('FORBIDDEN');
      expect(outcome(await gql(null, 'mutation { unbindMyWechat { id } }'))).toBe('UNAUTHENTICATED');
      expect(outcome(await bind(town, 'not-a-real-code-123'))).toBe('UNAUTHENTICATED');
    });
  });

  describe('updateOrganization and organizationRoster', () => {
    let campaignId: string;
    const createOrganization = (token: string, name: string, regionCode: string) =>
      gql<{ createOrganization: { id: string } }>(
        token,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { kind: 'WORK_UNIT', name, regionCode } },
      );
    const updateOrganization = (token: string, organizationId: string, input: Record<string, unknown>) =>
      gql<{ updateOrganization: { id: string; name: string; kind: string; regionCode: string } }>(
        token,
        'mutation($o: ID!, $i: UpdateOrganizationInput!) { updateOrganization(organizationId: $o, input: $i) { id name kind regionCode } }',
        { o: organizationId, i: input },
      );
    const roster = (token: string | null, organizationId: string) =>
      gql<{ organizationRoster: { line: number; name: string; memberNo: string | null }[] }>(
        token,
        'query($o: ID!, $c: ID!) { organizationRoster(organizationId: $o, campaignId: $c) { line name memberNo } }',
        { o: organizationId, c: campaignId },
      );

    beforeAll(async () => {
      campaignId = await campaignIdOf(t, 'cixin-yiri-juan-2026');
    });

    it('renames and moves an organisation inside the scope, audited; a name taken in the region is CONFLICT', async () => {
      const org = (await createOrganization(town, '控制台测试单位', '370404001')).data!.createOrganization.id;
      await createOrganization(town, '控制台已有单位', '370404001001');
      const renamed = await updateOrganization(town, org, { name: ' 控制台改名单位 ', kind: 'PARTY_BRANCH' });
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data!.updateOrganization).toEqual({
        id: org,
        name: '控制台改名单位',
        kind: 'PARTY_BRANCH',
        regionCode: '370404001',
      });
      const taken = await updateOrganization(town, org, { name: '控制台已有单位', regionCode: '370404001001' });
      expect(outcome(taken)).toBe('CONFLICT');
      expect(taken.errors![0].message).toContain('已有名为');
      const outside = await updateOrganization(town, org, { name: '搬走', regionCode: '370404002' });
      expect(outcome(outside)).toBe('FORBIDDEN');
      expect(outcome(await updateOrganization(town2, org, { name: '别人的' }))).toBe('FORBIDDEN');
      expect(outcome(await updateOrganization(auditor, org, { name: '审计' }))).toBe('FORBIDDEN');
      expect(outcome(await updateOrganization(district, org, { name: '' }))).toBe('BAD_USER_INPUT');

      const moved = await updateOrganization(district, org, { name: '控制台改名单位', regionCode: '370404001002' });
      expect(moved.data?.updateOrganization.regionCode).toBe('370404001002');
      const rows = await audit('organization.update', org);
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.summary.after)).toContainEqual(
        expect.objectContaining({ name: '控制台改名单位', kind: 'PARTY_BRANCH' }),
      );
    });

    it('reads a roster back to staff whose region covers the organisation, and to nobody else', async () => {
      const org = (await createOrganization(town, '花名册回读单位', '370404001')).data!.createOrganization.id;
      const imported = await gql(
        town,
        'mutation($c: ID!, $o: ID!, $csv: String!) { importRoster(campaignId: $c, organizationId: $o, csv: $csv) { size } }',
        { c: campaignId, o: org, csv: '姓名,工号,手机号\n张三,A001,13800000001\n李四,,13800000002\n' },
      );
      expect(imported.errors).toBeUndefined();
      const expected = [
        { line: 2, name: '张三', memberNo: 'A001' },
        { line: 3, name: '李四', memberNo: null },
      ];
      for (const token of [town, district, auditor])
        expect((await roster(token, org)).data?.organizationRoster).toEqual(expected);
      const fromVillage = await roster(village, org);
      expect(outcome(fromVillage)).toBe('FORBIDDEN');
      expect(outcome(await roster(town2, org))).toBe('FORBIDDEN');
      const donor = await donorLogin(t, 'o-console-donor3');
      expect(outcome(await roster(donor.token, org))).toBe('FORBIDDEN');
      expect(outcome(await roster(null, org))).toBe('UNAUTHENTICATED');
      for (const res of [fromVillage]) expect(JSON.stringify(res)).not.toContain('张三');
      // The phone numbers of the file were never kept.
      expect(JSON.stringify(await roster(district, org))).not.toContain('13800000001');
    });
  });

  describe('resolveReconciliationDifference', () => {
    const DATE = '2025-10-15';
    let differenceId: string;
    const REPORT = `query($d: String!) { reconciliationReport(date: $d) { differences { id kind outTradeNo resolution { note resolvedBy resolvedAt } } } }`;
    const resolve = (token: string, id: string, note: string) =>
      gql<{ resolveReconciliationDifference: { id: string; resolution: { note: string; resolvedBy: string } } }>(
        token,
        'mutation($id: ID!, $n: String!) { resolveReconciliationDifference(differenceId: $id, note: $n) { id resolution { note resolvedBy } } }',
        { id, n: note },
      );

    /** A stored run of DATE with one difference, as a run of the day leaves it (a rerun replaces both). */
    const storeRun = async (): Promise<string> => {
      const db = t.app.get(DataSource);
      const [run] = await db.query<{ id: string }[]>(
        `INSERT INTO reconciliation_run (business_date, status, our_payment_count, our_payment_fen, our_refund_count,
           our_refund_fen, difference_count, started_at, finished_at)
         VALUES ($1, 'DIFFERENCES', 1, 100, 0, 0, 1, now(), now())
         ON CONFLICT (business_date) DO UPDATE SET started_at = now() RETURNING id`,
        [DATE],
      );
      await db.query('DELETE FROM reconciliation_difference WHERE run_id = $1', [run.id]);
      const [diff] = await db.query<{ id: string }[]>(
        `INSERT INTO reconciliation_difference (run_id, kind, out_trade_no, our_amount_fen, note)
         VALUES ($1, 'MISSING_AT_WECHAT', 'SC-CONSOLE-0001', 100, '我方有此笔，账单没有') RETURNING id`,
        [run.id],
      );
      return diff.id;
    };

    beforeAll(async () => {
      differenceId = await storeRun();
    });

    it('a district admin writes a note; the report shows it with who and when; audited', async () => {
      const res = await resolve(district, differenceId, ' 已核实：该笔为测试订单，微信侧未成功下单 ');
      expect(res.errors).toBeUndefined();
      expect(res.data!.resolveReconciliationDifference).toEqual({
        id: differenceId,
        resolution: { note: '已核实：该笔为测试订单，微信侧未成功下单', resolvedBy: 'demo-district' },
      });
      for (const token of [district, auditor]) {
        const report = await gql<{
          reconciliationReport: { differences: { id: string; resolution: { resolvedAt: string } | null }[] };
        }>(token, REPORT, { d: DATE });
        const [d] = report.data!.reconciliationReport.differences;
        expect(d.id).toBe(differenceId);
        expect(d.resolution).toMatchObject({
          note: '已核实：该笔为测试订单，微信侧未成功下单',
          resolvedBy: 'demo-district',
        });
        expect(Date.now() - Date.parse(d.resolution!.resolvedAt)).toBeLessThan(60_000);
      }
      const [row] = await audit('reconciliation.resolve_difference', differenceId);
      expect(row.summary).toMatchObject({ date: DATE, outTradeNo: 'SC-CONSOLE-0001' });
    });

    it('keeps the note with the trade when a rerun replaces the difference; a second note replaces the first', async () => {
      const rerun = await storeRun();
      expect(rerun).not.toBe(differenceId);
      const report = await gql<{
        reconciliationReport: { differences: { id: string; resolution: { note: string } | null }[] };
      }>(district, REPORT, { d: DATE });
      const differences = report.data!.reconciliationReport.differences;
      expect(differences.map((d) => [d.id, d.resolution?.note])).toEqual([
        [rerun, '已核实：该笔为测试订单，微信侧未成功下单'],
      ]);
      expect(outcome(await resolve(district, differenceId, '旧的差异'))).toBe('NOT_FOUND');
      const second = await resolve(district, rerun, '复核后补记');
      expect(second.data!.resolveReconciliationDifference.resolution.note).toBe('复核后补记');
    });

    it('is for district admins only, wants a note, and changes nothing when refused', async () => {
      const id = await storeRun();
      for (const token of [auditor, town, village]) expect(outcome(await resolve(token, id, '不可'))).toBe('FORBIDDEN');
      const empty = await resolve(district, id, '   ');
      expect(outcome(empty)).toBe('BAD_USER_INPUT');
      expect(empty.errors![0].message).toContain('处理说明');
      expect(outcome(await resolve(district, id, '长'.repeat(501)))).toBe('BAD_USER_INPUT');
      const report = await gql<{ reconciliationReport: { differences: { resolution: { note: string } }[] } }>(
        district,
        REPORT,
        { d: DATE },
      );
      expect(report.data!.reconciliationReport.differences[0].resolution.note).toBe('复核后补记');
    });
  });
});
