import { Transactions } from '@shanchou/core';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { bearer, createTestApp, GraphqlResponse, loginAs, outcome, TestApp, uploadPng } from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * 项目资金的六道关口 (issue 17 item 3): 上报 → 评议 → 公示 → 审批 → 报账 → 验收, the only way money
 * leaves a campaign. Through GraphQL with a token per role, on the demo seed.
 */
describe('fund requests through the six gates', () => {
  let t: TestApp;
  const token: Record<string, string> = {};
  let project: string;
  let filesDir: string;

  const TANSHAN_VILLAGE = '370404001001';
  const WULIN_VILLAGE = '370404002001';
  const FIELDS = `id code title amountFen status publicUntil supervisionPhone payee ledgerSeq
    region { code } campaign { id } history { gate status actor note at } objections { id text phone answer }`;

  interface Step {
    gate: string;
    status: string;
    actor: string | null;
    note: string | null;
  }
  interface Request {
    id: string;
    code: string;
    status: string;
    amountFen: number;
    publicUntil: string | null;
    supervisionPhone: string | null;
    payee: string | null;
    ledgerSeq: number | null;
    region: { code: string };
    history: Step[];
    objections: { id: string; text: string; phone: string | null; answer: string | null }[];
  }

  const as = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> =>
    t.gql<T>(query, variables, who === 'public' ? {} : bearer(token[who]));

  const give = async (campaignId: string, amountFen: number) => {
    await t.app
      .get(Transactions)
      .run((tx) => t.app.get(LedgerService).append(tx, { kind: LedgerKind.DONATION, amountFen, campaignId }));
    await t.integrateLedger();
  };
  const balance = async (id: string) =>
    (await t.gql<{ ledger: { totalFen: number } }>(`{ ledger(campaignId: "${id}", first: 1) { totalFen } }`)).data!
      .ledger.totalFen;

  async function newProject(slug: string, fen: number): Promise<string> {
    const created = await as<{ createCampaign: { id: string } }>(
      'district',
      `mutation { createCampaign(input: { slug: "${slug}", kind: PROJECT, title: "项目 ${slug}", regionCode: "${TANSHAN_VILLAGE}" }) { id } }`,
    );
    const id = created.data!.createCampaign.id;
    await as('district', `mutation { activateCampaign(campaignId: "${id}") { id } }`);
    if (fen) await give(id, fen);
    return id;
  }

  async function file(who = 'town', amountFen = 1000, regionCode = TANSHAN_VILLAGE, campaignId = project) {
    const res = await as<{ fileFundRequest: Request }>(
      who,
      `mutation($input: FileFundRequestInput!) { fileFundRequest(input: $input) { ${FIELDS} } }`,
      {
        input: {
          campaignId,
          title: '坛山社区路灯维修',
          amountFen,
          regionCode,
          purpose: '更换 12 盏损坏路灯',
          budget: '路灯 12 × 80 元；人工 40 元',
        },
      },
    );
    if (!res.data) throw new Error(JSON.stringify(res.errors));
    return res.data.fileFundRequest;
  }

  const gate = (who: string, mutation: string, args: string) =>
    as<Record<string, Request>>(who, `mutation { ${mutation}(${args}) { ${FIELDS} } }`);
  const review = (who: string, id: string) =>
    gate(who, 'reviewFundRequest', `fundRequestId: "${id}", note: "同意上报"`);
  const publicize = (who: string, id: string, days = 7) =>
    gate(who, 'publicizeFundRequest', `fundRequestId: "${id}", days: ${days}`);
  const approve = (who: string, id: string) => gate(who, 'approveFundRequest', `fundRequestId: "${id}", note: "同意"`);
  const disburse = (who: string, id: string, voucher: string, payee = '王小明', kind = 'HOUSEHOLD') =>
    gate(
      who,
      'disburseFundRequest',
      `fundRequestId: "${id}", payee: "${payee}", payeeKind: ${kind}, voucherNo: "${voucher}"`,
    );
  const accept = (who: string, id: string) =>
    gate(who, 'acceptFundRequest', `fundRequestId: "${id}", note: "路灯已全部点亮"`);
  const reject = (who: string, id: string) =>
    gate(who, 'rejectFundRequest', `fundRequestId: "${id}", reason: "预算不实"`);

  /** 公示 ended: the notice's end moved into the past, as the clock would. */
  const endNotice = (id: string) =>
    t.app
      .get(DataSource)
      .query(`UPDATE fund_request SET public_until = now() - interval '1 minute' WHERE id = $1`, [id]);

  const statusOf = async (id: string) =>
    (await as<{ fundRequest: Request }>('district', `{ fundRequest(fundRequestId: "${id}") { ${FIELDS} } }`)).data!
      .fundRequest;

  async function approved(amountFen: number, campaignId = project): Promise<Request> {
    const r = await file('town', amountFen, TANSHAN_VILLAGE, campaignId);
    await review('district', r.id);
    await publicize('district', r.id);
    await endNotice(r.id);
    const res = await approve('district2', r.id);
    expect(outcome(res)).toBe('OK');
    return res.data!.approveFundRequest;
  }

  const auditOf = async (id: string): Promise<string[]> =>
    (
      await t.app
        .get(DataSource)
        .query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE target_id = $1 ORDER BY id`, [id])
    ).map((r) => r.action);

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'shanchou-fund-files-'));
    t = await createTestApp({ demo: true, env: { FILES_DIR: filesDir } });
    token.district = await loginAs(t, 'demo-district');
    token.town = await loginAs(t, 'demo-town');
    token.town2 = await loginAs(t, 'demo-town2');
    token.village = await loginAs(t, 'demo-village');
    for (const [username, role, name] of [
      ['fund-district2', 'DISTRICT_ADMIN', '李建国'],
      ['fund-district3', 'DISTRICT_ADMIN', '赵文华'],
      ['fund-auditor', 'AUDITOR', '审计员'],
    ]) {
      const res = await as(
        'district',
        `mutation { createStaff(input: { username: "${username}", displayName: "${name}", role: ${role}, regionCode: "370404", password: "${username}-pass-2026" }) { id } }`,
      );
      expect(outcome(res)).toBe('OK');
    }
    token.district2 = await loginAs(t, 'fund-district2', 'fund-district2-pass-2026');
    token.district3 = await loginAs(t, 'fund-district3', 'fund-district3-pass-2026');
    token.auditor = await loginAs(t, 'fund-auditor', 'fund-auditor-pass-2026');
    project = await newProject('tanshan-lights', 100_000);
  });
  afterAll(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const uploaded = (who: string, purpose: string, shade: number) => uploadPng(t, token[who], purpose, shade);

  it('goes 上报 → 评议 → 公示 → 审批 → 报账 → 验收, the DISBURSEMENT in the ledger with the household masked', async () => {
    const filed = await file('town', 1200);
    expect(filed).toMatchObject({ status: 'FILED', amountFen: 1200, region: { code: TANSHAN_VILLAGE } });
    expect(filed.code).toMatch(/^ZJ\d{8}\d{4}$/);

    expect(outcome(await review('district', filed.id))).toBe('OK');
    const onNotice = (await publicize('district', filed.id, 7)).data!.publicizeFundRequest;
    expect(onNotice.status).toBe('PUBLICIZED');
    expect(new Date(onNotice.publicUntil!).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(onNotice.supervisionPhone).toBe(t.config.funds.supervisionPhone);

    // Before the notice ends, nobody approves.
    const early = await approve('district2', filed.id);
    expect(outcome(early)).toBe('INVALID_TRANSITION');
    expect(early.errors![0].message).toMatch(/公示期.*结束/);
    await endNotice(filed.id);

    const ok = (await approve('district2', filed.id)).data!.approveFundRequest;
    expect(ok.status).toBe('APPROVED');
    const before = await balance(project);

    const paid = (await disburse('district', filed.id, 'PZ-2026-0001')).data!.disburseFundRequest;
    expect(paid).toMatchObject({ status: 'DISBURSED', payee: '王小明' });
    await t.integrateLedger();
    expect(await balance(project)).toBe(before - 1200);

    const done = (await accept('town', filed.id)).data!.acceptFundRequest;
    expect(done.status).toBe('ACCEPTED');
    expect(done.ledgerSeq).not.toBeNull();
    expect(done.history.map((s) => s.gate)).toEqual(['上报', '评议', '公示', '审批', '报账', '验收']);
    // The town reads the district's staff masked (outside its scope), the district reads everyone.
    expect(done.history.map((s) => s.actor)).toEqual([
      '坛山街道演示账号',
      '区********',
      '区********',
      '李**',
      '区********',
      '坛山街道演示账号',
    ]);
    expect((await statusOf(filed.id)).history.map((s) => s.actor)).toEqual([
      '坛山街道演示账号',
      '区管理中心演示账号',
      '区管理中心演示账号',
      '李建国',
      '区管理中心演示账号',
      '坛山街道演示账号',
    ]);

    const ledger = await t.gql<{
      ledger: { entries: { seq: number; kind: string; amountFen: number; memo: string; canonical: string }[] };
    }>(`{ ledger(campaignId: "${project}", first: 50) { entries { seq kind amountFen memo canonical } } }`);
    const entry = ledger.data!.ledger.entries.find((e) => e.seq === done.ledgerSeq)!;
    expect(entry).toMatchObject({ kind: 'DISBURSEMENT', amountFen: -1200 });
    expect(entry.memo).toBe(`${filed.code} 坛山社区路灯维修; 收款方 王**; 凭证 PZ-2026-0001`);
    expect(entry.canonical).not.toContain('王小明');

    expect(await auditOf(filed.id)).toEqual([
      'fund_request.file',
      'fund_request.review',
      'fund_request.publicize',
      'fund_request.approve',
      'fund_request.disburse',
      'fund_request.accept',
    ]);
  });

  it('shows an organisation payee in full', async () => {
    const r = await approved(300);
    await disburse('district', r.id, 'PZ-ORG-1', '峨山镇马山村委会', 'ORGANIZATION');
    await t.integrateLedger();
    const seq = (await statusOf(r.id)).ledgerSeq;
    const ledger = await t.gql<{ ledger: { entries: { seq: number; memo: string }[] } }>(
      `{ ledger(campaignId: "${project}", first: 100) { entries { seq memo } } }`,
    );
    expect(ledger.data!.ledger.entries.find((e) => e.seq === seq)!.memo).toContain('收款方 峨山镇马山村委会');
  });

  it('refuses a gate out of order with INVALID_TRANSITION, changing nothing', async () => {
    const r = await file();
    for (const res of [
      await publicize('district', r.id),
      await approve('district2', r.id),
      await disburse('district', r.id, 'PZ-SKIP'),
      await accept('town', r.id),
    ]) {
      expect(outcome(res)).toBe('INVALID_TRANSITION');
      expect(res.errors![0].message).toMatch(/已上报，不能(公示|审批|报账|验收)/);
    }
    await review('district', r.id);
    expect(outcome(await review('district', r.id))).toBe('INVALID_TRANSITION');
    const after = await statusOf(r.id);
    expect(after.status).toBe('REVIEWED');
    expect(after.history.map((s) => s.gate)).toEqual(['上报', '评议']);
    expect(await auditOf(r.id)).toEqual(['fund_request.file', 'fund_request.review']);
  });

  it('refuses approval by the filer or the reviewer (FORBIDDEN); a third admin approves', async () => {
    const r = await file('district');
    await review('district2', r.id);
    await publicize('district', r.id);
    await endNotice(r.id);
    const byFiler = await approve('district', r.id);
    expect(outcome(byFiler)).toBe('FORBIDDEN');
    expect(byFiler.errors![0].message).toMatch(/你是资金申请 .* 的上报人/);
    const byReviewer = await approve('district2', r.id);
    expect(outcome(byReviewer)).toBe('FORBIDDEN');
    expect(byReviewer.errors![0].message).toMatch(/你是资金申请 .* 的评议人/);
    expect((await statusOf(r.id)).status).toBe('PUBLICIZED');
    expect(outcome(await approve('district3', r.id))).toBe('OK');
  });

  it('refuses a disbursement that would overdraw with CONFLICT, and writes nothing', async () => {
    const small = await newProject('small-fund', 500);
    const r = await approved(800, small);
    const ledgerBefore = await t.gql<{ ledger: { entries: unknown[] } }>(
      `{ ledger(campaignId: "${small}", first: 50) { entries { seq } } }`,
    );
    const res = await disburse('district', r.id, 'PZ-OVER');
    expect(outcome(res)).toBe('CONFLICT');
    expect(res.errors![0].message).toMatch(/余额不足.*5\.00 元.*8\.00 元/);
    await t.integrateLedger();
    const after = await statusOf(r.id);
    expect(after).toMatchObject({ status: 'APPROVED', payee: null, ledgerSeq: null });
    expect(after.history).toHaveLength(4);
    expect(await auditOf(r.id)).not.toContain('fund_request.disburse');
    expect(await balance(small)).toBe(500);
    const ledgerAfter = await t.gql<{ ledger: { entries: unknown[] } }>(
      `{ ledger(campaignId: "${small}", first: 50) { entries { seq } } }`,
    );
    expect(ledgerAfter.data!.ledger.entries).toHaveLength(ledgerBefore.data!.ledger.entries.length);
  });

  it('of 50 disbursements at once that together would overdraw, pays exactly the ones that fit', async () => {
    const pool = await newProject('fifty-race', 3_350);
    const requests: Request[] = [];
    for (let i = 0; i < 50; i++) requests.push(await approved(100, pool));
    const results = await Promise.all(requests.map((r, i) => disburse('district', r.id, `PZ-RACE-${i}`)));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(33);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(17);
    await t.integrateLedger();
    expect(await balance(pool)).toBe(50);
    const statuses = await Promise.all(requests.map(async (r) => (await statusOf(r.id)).status));
    expect(statuses.filter((s) => s === 'DISBURSED')).toHaveLength(33);
    expect(statuses.filter((s) => s === 'APPROVED')).toHaveLength(17);
  }, 120_000);

  it('lets an auditor read every request and change none', async () => {
    const r = await file();
    const list = await as<{ fundRequests: Request[] }>('auditor', `{ fundRequests { ${FIELDS} } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data!.fundRequests.map((x) => x.id)).toContain(r.id);
    const mutations = [
      `fileFundRequest(input: { campaignId: "${project}", title: "x", amountFen: 1, regionCode: "${TANSHAN_VILLAGE}", purpose: "y" }) { id }`,
      `reviewFundRequest(fundRequestId: "${r.id}", note: "n") { id }`,
      `publicizeFundRequest(fundRequestId: "${r.id}", days: 3) { id }`,
      `approveFundRequest(fundRequestId: "${r.id}") { id }`,
      `disburseFundRequest(fundRequestId: "${r.id}", payee: "p", voucherNo: "v") { id }`,
      `acceptFundRequest(fundRequestId: "${r.id}", note: "n") { id }`,
      `rejectFundRequest(fundRequestId: "${r.id}", reason: "r") { id }`,
      `answerFundRequestObjection(objectionId: "${r.id}", answer: "a") { id }`,
    ];
    for (const m of mutations) expect([m, outcome(await as('auditor', `mutation { ${m} }`))]).toEqual([m, 'FORBIDDEN']);
    expect((await statusOf(r.id)).history).toHaveLength(1);
  });

  it('shows a town operator only the requests of their own region', async () => {
    const tanshan = await file('town');
    const wulin = await file('town2', 1000, WULIN_VILLAGE);
    const seen = async (who: string) =>
      (await as<{ fundRequests: Request[] }>(who, `{ fundRequests { id region { code } } }`)).data!.fundRequests;
    const town = await seen('town');
    expect(town.map((r) => r.id)).toContain(tanshan.id);
    expect(town.map((r) => r.id)).not.toContain(wulin.id);
    expect(town.every((r) => r.region.code.startsWith('370404001'))).toBe(true);
    expect((await seen('town2')).map((r) => r.id)).toEqual([wulin.id]);
    expect((await seen('village')).map((r) => r.id)).toContain(tanshan.id);
    expect(outcome(await as('town2', `{ fundRequest(fundRequestId: "${tanshan.id}") { id } }`))).toBe('NOT_FOUND');
    const outside = await as(
      'town2',
      `mutation { fileFundRequest(input: { campaignId: "${project}", title: "越权", amountFen: 1, regionCode: "${TANSHAN_VILLAGE}", purpose: "试" }) { id } }`,
    );
    expect(outcome(outside)).toBe('FORBIDDEN');
    expect(outside.errors![0].message).toMatch(/不在你的管辖范围内/);
  });

  it('pages the list newest first', async () => {
    for (let i = 0; i < 5; i++) await file();
    const all = (await as<{ fundRequests: { id: string }[] }>('district', '{ fundRequests(first: 200) { id } }')).data!
      .fundRequests;
    expect(all.length).toBeGreaterThan(4);
    const first = (await as<{ fundRequests: { id: string }[] }>('district', '{ fundRequests(first: 2) { id } }')).data!
      .fundRequests;
    const next = (
      await as<{ fundRequests: { id: string }[] }>(
        'district',
        `{ fundRequests(first: 2, before: "${first[1].id}") { id } }`,
      )
    ).data!.fundRequests;
    expect([...first, ...next].map((r) => r.id)).toEqual(all.slice(0, 4).map((r) => r.id));
  });

  it('refuses bad input naming the field, in Chinese', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (
        await as('town', `mutation($input: FileFundRequestInput!) { fileFundRequest(input: $input) { id } }`, {
          input: {
            campaignId: project,
            title: '标题',
            amountFen: 100,
            regionCode: TANSHAN_VILLAGE,
            purpose: '用途',
            ...input,
          },
        })
      ).errors![0];
    expect(await bad({ amountFen: 0 })).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.amountFen' },
    });
    expect(await bad({ amountFen: 1_000_000_001 })).toMatchObject({ extensions: { field: 'input.amountFen' } });
    expect(await bad({ purpose: '  ' })).toMatchObject({ message: 'input.purpose: 请填写用途' });
    const r = await file();
    await review('district', r.id);
    const days = await publicize('district', r.id, 31);
    expect(days.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(days.errors![0].message).toMatch(/公示天数最多 30 天/);
  });

  it('shows a notice publicly only during 公示, with the phone, actors masked and nothing personal', async () => {
    const r = await file('town', 2000);
    const notices = async () =>
      (
        await as<{ fundRequestNotices: (Request & { budget: string | null; voucherNo: string | null })[] }>(
          'public',
          `{ fundRequestNotices { id code title amountFen status publicUntil supervisionPhone payee budget voucherNo
              region { name } history { gate actor } objections { id } } }`,
        )
      ).data!.fundRequestNotices;
    expect((await notices()).map((n) => n.id)).not.toContain(r.id);
    await review('district', r.id);
    expect((await notices()).map((n) => n.id)).not.toContain(r.id);
    await publicize('district', r.id, 5);
    const shown = (await notices()).find((n) => n.id === r.id)!;
    expect(shown).toMatchObject({ status: 'PUBLICIZED', supervisionPhone: '0632-7700000', budget: null, payee: null });
    expect(shown.history.map((s) => s.actor)).toEqual(['坛*******', '区********', '区********']);
    expect(shown.objections).toEqual([]);
    await endNotice(r.id);
    expect((await notices()).map((n) => n.id)).not.toContain(r.id);

    const rejected = await file('town', 2000);
    await review('district', rejected.id);
    await publicize('district', rejected.id, 5);
    expect(outcome(await reject('district', rejected.id))).toBe('OK');
    expect((await notices()).map((n) => n.id)).not.toContain(rejected.id);
    expect(outcome(await reject('district', rejected.id))).toBe('INVALID_TRANSITION');
  });

  it('holds approval until every objection raised during 公示 is answered', async () => {
    const r = await file('town', 900);
    await review('district', r.id);
    await publicize('district', r.id, 3);
    const objected = await as<{ objectToFundRequest: { id: string; supervisionPhone: string } }>(
      'public',
      `mutation { objectToFundRequest(fundRequestId: "${r.id}", text: "路灯去年刚换过，请核实", phone: "13800001234") { id supervisionPhone } }`,
    );
    expect(outcome(objected)).toBe('OK');
    const staffView = await statusOf(r.id);
    expect(staffView.objections).toMatchObject([
      { text: '路灯去年刚换过，请核实', phone: '13800001234', answer: null },
    ]);
    await endNotice(r.id);
    const late = await as(
      'public',
      `mutation { objectToFundRequest(fundRequestId: "${r.id}", text: "公示结束后的异议", phone: null) { id } }`,
    );
    expect(outcome(late)).toBe('INVALID_TRANSITION');

    const held = await approve('district2', r.id);
    expect(outcome(held)).toBe('INVALID_TRANSITION');
    expect(held.errors![0].message).toMatch(/尚有 1 条异议未答复/);
    const answered = await as(
      'district',
      `mutation { answerFundRequestObjection(objectionId: "${objected.data!.objectToFundRequest.id}", answer: "已核实：去年更换的是另一条路") { id answer } }`,
    );
    expect(outcome(answered)).toBe('OK');
    expect(outcome(await approve('district2', r.id))).toBe('OK');
  });

  it('limits objections from one address', async () => {
    const r = await file('town', 700);
    await review('district', r.id);
    await publicize('district', r.id, 3);
    const send = () =>
      as('public', `mutation { objectToFundRequest(fundRequestId: "${r.id}", text: "请公开报价单明细") { id } }`);
    const results: string[] = [];
    for (let i = 0; i < 6; i++) results.push(outcome(await send()));
    // One objection of this address was sent by the test before.
    expect(results.filter((o) => o === 'FORBIDDEN').length).toBeGreaterThanOrEqual(1);
    expect(results[results.length - 1]).toBe('FORBIDDEN');
  });

  it('keeps the files attached at 上报, 报账 and 验收, of the purposes each accepts', async () => {
    const plan = await uploaded('town', 'attachment', 10);
    const cover = await uploaded('district', 'campaign-image', 20);
    const fileWith = (ids: string[]) =>
      as<{ fileFundRequest: { id: string; attachmentIds: string[] } }>(
        'town',
        `mutation($input: FileFundRequestInput!) { fileFundRequest(input: $input) { id attachmentIds } }`,
        {
          input: {
            campaignId: project,
            title: '附件测试',
            amountFen: 100,
            regionCode: TANSHAN_VILLAGE,
            purpose: '带预算表',
            attachmentIds: ids,
          },
        },
      );
    const wrongPurpose = await fileWith([cover]);
    expect(wrongPurpose.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.attachmentIds' },
    });
    expect(outcome(await fileWith(['00000000-0000-4000-8000-000000000000']))).toBe('BAD_USER_INPUT');
    const filed = (await fileWith([plan])).data!.fileFundRequest;
    expect(filed.attachmentIds).toEqual([plan]);

    await review('district', filed.id);
    await publicize('district', filed.id);
    await endNotice(filed.id);
    await approve('district2', filed.id);
    const invoice = await uploaded('district', 'attachment', 30);
    const paid = await as<{ disburseFundRequest: { attachmentIds: string[] } }>(
      'district',
      `mutation { disburseFundRequest(fundRequestId: "${filed.id}", payee: "坛山社区居委会", payeeKind: ORGANIZATION, voucherNo: "PZ-ATT", attachmentIds: ["${invoice}"]) { attachmentIds } }`,
    );
    expect(paid.data!.disburseFundRequest.attachmentIds.sort()).toEqual([plan, invoice].sort());
    const photo = await uploaded('town', 'delivery-photo', 40);
    const accepted = await as<{ acceptFundRequest: { attachmentIds: string[] } }>(
      'town',
      `mutation { acceptFundRequest(fundRequestId: "${filed.id}", note: "已验收", attachmentIds: ["${photo}"]) { attachmentIds } }`,
    );
    expect(accepted.data!.acceptFundRequest.attachmentIds).toHaveLength(3);
    const notices = await as<{ fundRequestNotices: { attachmentIds: string[] }[] }>(
      'public',
      '{ fundRequestNotices { attachmentIds } }',
    );
    expect(notices.data!.fundRequestNotices.flatMap((n) => n.attachmentIds)).toEqual([]);
  });

  it('has no ungated recordDisbursement any more', async () => {
    const res = await as(
      'district',
      `mutation { recordDisbursement(input: { campaignId: "${project}", amountFen: 1, payee: "x", purpose: "y", voucherNo: "z" }) { ledgerSeqs } }`,
    );
    expect(res.errors![0].message).toMatch(/Cannot query field "recordDisbursement"/);
  });
});
