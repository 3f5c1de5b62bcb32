import { verifyLedger } from '@shanchou/ledger-verifier';
import {
  bearer,
  campaignIdOf,
  createTestApp,
  GraphqlResponse,
  loginAs,
  outcome,
  TestApp,
  uploadPng,
} from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * 线下汇款 (issue 18): a work unit's 一日捐 collected by its finance office and remitted by bank
 * transfer, recorded in the console with its voucher, split over its staff, confirmed by a second
 * district admin above the threshold, and then counted like any gift: the campaign, the unit's
 * participation, the public ledger, the certificate. Through GraphQL on the demo seed.
 */
describe('offline remittances', () => {
  let t: TestApp;
  let filesDir: string;
  const token: Record<string, string> = {};
  let oneDay: string;
  let partyDues: string;
  let shade = 0;

  const REMITTANCE = `id amountFen channel status receivedOn reference confirmedAt
    organization { id name } campaign { id } lines { line name anonymous displayName amountFen }
    gifts { receiptNo amountFen status channel paidAt displayName ledgerSeq organization { id } }`;

  interface Gift {
    receiptNo: string;
    amountFen: number;
    status: string;
    channel: string;
    paidAt: string;
    displayName: string;
    ledgerSeq: number | null;
    organization: { id: string };
  }
  interface Remittance {
    id: string;
    amountFen: number;
    channel: string;
    status: string;
    receivedOn: string;
    reference: string;
    confirmedAt: string | null;
    organization: { id: string; name: string };
    lines: { line: number; name: string | null; anonymous: boolean; displayName: string; amountFen: number }[];
    gifts: Gift[];
  }
  interface Line {
    name?: string | null;
    anonymous?: boolean;
    amountFen: number;
  }

  const as = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> =>
    t.gql<T>(query, variables, who === 'public' ? {} : bearer(token[who]));

  const voucher = (who = 'district', purpose = 'attachment') => uploadPng(t, token[who], purpose, ++shade);

  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  async function record(
    who: string,
    input: {
      organizationId: string;
      amountFen: number;
      lines: Line[];
      reference: string;
      campaignId?: string;
      channel?: string;
      receivedOn?: string;
      voucherFileId?: string;
    },
  ) {
    return as<{ recordRemittance: Remittance }>(
      who,
      `mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { ${REMITTANCE} } }`,
      {
        input: {
          campaignId: oneDay,
          channel: 'BANK_TRANSFER',
          receivedOn: today(),
          voucherFileId: input.voucherFileId ?? (await voucher(who === 'village' ? 'district' : who)),
          ...input,
        },
      },
    );
  }
  const confirm = (who: string, id: string) =>
    as<{ confirmRemittance: Remittance }>(who, `mutation($id: ID!) { confirmRemittance(id: $id) { ${REMITTANCE} } }`, {
      id,
    });
  const campaign = async (slug: string) =>
    (
      await t.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
        `query($s: String!) { campaign(slug: $s) { raisedFen donationCount } }`,
        { s: slug },
      )
    ).data!.campaign;
  const standing = async (campaignId: string, organizationId: string) =>
    (
      await t.gql<{
        organizationRanking: {
          organization: { id: string };
          rosterSize: number;
          participants: number;
          raisedFen: number;
          donationCount: number;
        }[];
      }>(
        `query($c: ID!) { organizationRanking(campaignId: $c, first: 200) { organization { id } rosterSize participants raisedFen donationCount } }`,
        { c: campaignId },
      )
    ).data!.organizationRanking.find((s) => s.organization.id === organizationId);
  const createOrganization = async (name: string, regionCode: string, kind = 'WORK_UNIT') =>
    (
      await as<{ createOrganization: { id: string } }>(
        'district',
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { kind, name, regionCode } },
      )
    ).data!.createOrganization.id;
  const auditOf = async (id: string): Promise<string[]> =>
    (
      await t.app
        .get(DataSource)
        .query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE target_id = $1 ORDER BY id`, [id])
    ).map((r) => r.action);

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'shanchou-remittance-files-'));
    t = await createTestApp({ demo: true, listen: true, env: { FILES_DIR: filesDir } });
    token.district = await loginAs(t, 'demo-district');
    token.town = await loginAs(t, 'demo-town');
    token.town2 = await loginAs(t, 'demo-town2');
    token.village = await loginAs(t, 'demo-village');
    const made = await as(
      'district',
      `mutation { createStaff(input: { username: "remit-district2", displayName: "孙会计", role: DISTRICT_ADMIN, regionCode: "370404", password: "remit-district2-pass-2026" }) { id } }`,
    );
    expect(outcome(made)).toBe('OK');
    token.district2 = await loginAs(t, 'remit-district2', 'remit-district2-pass-2026');
    oneDay = await campaignIdOf(t, 'cixin-yiri-juan-2026');
    partyDues = await campaignIdOf(t, 'yiyuan-aixin-dangfei');
  });
  afterAll(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('records a unit’s 一日捐 of 120 staff lines, confirmed by a second admin, then raised, ranked and in the ledger', async () => {
    const unit = await createOrganization('峄城区财政局', '370404');
    const names = Array.from({ length: 120 }, (_, i) => `职工${String(i + 1).padStart(3, '0')}`);
    const roster = await as<{ importRoster: { size: number } }>(
      'district',
      'mutation($c: ID!, $o: ID!, $csv: String!) { importRoster(campaignId: $c, organizationId: $o, csv: $csv) { size } }',
      { c: oneDay, o: unit, csv: `姓名\n${names.join('\n')}\n` },
    );
    expect(roster.data!.importRoster.size).toBe(120);
    // A day's pay each: 200 to 319 yuan; the third member chose to stay anonymous.
    const lines: Line[] = names.map((name, i) => ({ name, anonymous: i === 2, amountFen: (200 + i) * 100 }));
    const total = lines.reduce((sum, l) => sum + l.amountFen, 0);
    const before = await campaign('cixin-yiri-juan-2026');

    const recorded = await record('district', {
      organizationId: unit,
      amountFen: total,
      lines,
      reference: 'CZJ20261207001',
    });
    expect(outcome(recorded)).toBe('OK');
    const remittance = recorded.data!.recordRemittance;
    // 31,140 yuan is above the 10,000 yuan threshold: nothing counts until a second person confirms.
    expect(remittance).toMatchObject({
      amountFen: total,
      channel: 'BANK_TRANSFER',
      status: 'AWAITING_CONFIRMATION',
      confirmedAt: null,
      gifts: [],
      organization: { id: unit, name: '峄城区财政局' },
    });
    expect(remittance.lines).toHaveLength(120);
    expect(remittance.lines.slice(0, 3)).toEqual([
      { line: 1, name: '职工001', anonymous: false, displayName: '职****', amountFen: 20000 },
      { line: 2, name: '职工002', anonymous: false, displayName: '职****', amountFen: 20100 },
      { line: 3, name: '职工003', anonymous: true, displayName: '爱心人士', amountFen: 20200 },
    ]);
    expect(await campaign('cixin-yiri-juan-2026')).toEqual(before);

    // The one who recorded it cannot confirm it; a town operator cannot either.
    const self = await confirm('district', remittance.id);
    expect(outcome(self)).toBe('FORBIDDEN');
    expect(self.errors![0].message).toContain('录入人以外的另一位区管理员');
    expect(outcome(await confirm('town', remittance.id))).toBe('FORBIDDEN');

    const confirmed = (await confirm('district2', remittance.id)).data!.confirmRemittance;
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(confirmed.gifts).toHaveLength(120);
    expect(confirmed.gifts.every((g) => g.status === 'PAID' && g.channel === 'BANK_TRANSFER')).toBe(true);
    expect(confirmed.gifts.every((g) => g.organization.id === unit)).toBe(true);
    expect(confirmed.gifts.map((g) => g.amountFen)).toEqual(lines.map((l) => l.amountFen));
    expect(new Set(confirmed.gifts.map((g) => g.receiptNo)).size).toBe(120);
    // Dated on the day the money arrived.
    expect(new Date(new Date(confirmed.gifts[0].paidAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10)).toBe(
      today(),
    );
    expect(outcome(await confirm('district2', remittance.id))).toBe('INVALID_TRANSITION');

    expect(await campaign('cixin-yiri-juan-2026')).toEqual({
      raisedFen: before.raisedFen + total,
      donationCount: before.donationCount + 120,
    });
    expect(await standing(oneDay, unit)).toMatchObject({
      rosterSize: 120,
      participants: 120,
      raisedFen: total,
      donationCount: 120,
    });

    // In the public ledger: one DONATION each, the channel in the memo, names masked; it verifies.
    await t.integrateLedger();
    const rows = await t.app.get(DataSource).query<{ kind: string; amount_fen: string; donor: string; memo: string }[]>(
      `SELECT e.kind, e.amount_fen, e.donor, e.memo FROM ledger_entry e
         JOIN donation d ON d.ledger_seq = e.seq WHERE d.remittance_id = $1 ORDER BY e.seq`,
      [remittance.id],
    );
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.kind === 'DONATION')).toBe(true);
    expect(rows.reduce((sum, r) => sum + Number(r.amount_fen), 0)).toBe(total);
    expect(rows[0].memo).toMatch(/^2026年慈心一日捐 SC\d{22} 线下银行转账$/);
    expect(rows.map((r) => r.donor)).toContain('爱心人士');
    expect(rows.some((r) => r.donor.includes('职工'))).toBe(false);
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);

    // The same 电子捐赠证书 as a WeChat gift, for staff (the giver has no WeChat account here).
    const gift = (
      await as<{ remittances: Remittance[] }>('district', `{ remittances { id ${REMITTANCE} } }`)
    ).data!.remittances.find((r) => r.id === remittance.id)!.gifts[5];
    expect(gift.ledgerSeq).not.toBeNull();
    const receipt = await as<{
      donationReceipt: { donor: string; amountYuan: string; ledgerSeq: number; verifyUrl: string };
    }>('district', `query($r: String!) { donationReceipt(receiptNo: $r) { donor amountYuan ledgerSeq verifyUrl } }`, {
      r: gift.receiptNo,
    });
    expect(receipt.data!.donationReceipt).toMatchObject({
      donor: '职****',
      amountYuan: '205.00',
      ledgerSeq: gift.ledgerSeq,
    });

    expect(await auditOf(remittance.id)).toEqual(['remittance.record', 'remittance.confirm']);

    // The transfer itself, on the receiving account's statement (an Excel-era CSV as the bank
    // exports it, columns mapped once for the bank), is matched to this remittance.
    const mapped = await as(
      'district',
      `mutation($b: String!, $m: BankColumnMappingInput!) { saveBankStatementMapping(bank: $b, mapping: $m) { bank } }`,
      {
        b: '峄城农商银行',
        m: {
          date: '记账日期',
          amount: '发生额',
          direction: '借贷标志',
          creditValues: ['贷'],
          serial: '流水号',
          reference: '附言',
          counterparty: '对方户名',
        },
      },
    );
    expect(outcome(mapped)).toBe('OK');
    const statement = [
      '记账日期,流水号,借贷标志,发生额,对方户名,附言',
      `${today()},CZJ20261207001,贷,${(total / 100).toFixed(2)},峄城区财政局,2026慈心一日捐`,
    ].join('\r\n');
    const reconciled = await as<{
      reconcileBankStatement: {
        matched: { differenceFen: number; remittance: { id: string } }[];
        amountDiffers: unknown[];
        missingInRecords: unknown[];
      };
    }>(
      'district',
      `mutation($b: String!, $n: String!, $f: String!) { reconcileBankStatement(bank: $b, fileName: $n, file: $f) {
        matched { differenceFen remittance { id } } amountDiffers { differenceFen } missingInRecords { row } } }`,
      { b: '峄城农商银行', n: '农商行流水.csv', f: Buffer.from(statement, 'utf8').toString('base64') },
    );
    expect(outcome(reconciled)).toBe('OK');
    expect(reconciled.data!.reconcileBankStatement).toMatchObject({
      matched: [{ differenceFen: 0, remittance: { id: remittance.id } }],
      amountDiffers: [],
      missingInRecords: [],
    });
  });

  it('refuses lines that do not add up to the remittance, naming the difference, and writes nothing', async () => {
    const unit = await createOrganization('峄城区教育局', '370404');
    const short = await record('district', {
      organizationId: unit,
      amountFen: 100_000,
      reference: 'JYJ-001',
      lines: [
        { name: '周一', amountFen: 30_000 },
        { name: '吴二', amountFen: 69_500 },
      ],
    });
    expect(outcome(short)).toBe('BAD_USER_INPUT');
    expect(short.errors![0]).toMatchObject({
      message: 'input.lines: 明细合计 995 元，比汇款金额 1000 元少 5 元：各行须正好加起来等于汇款金额',
      extensions: { field: 'input.lines' },
    });
    const over = await record('district', {
      organizationId: unit,
      amountFen: 100_000,
      reference: 'JYJ-001',
      lines: [{ name: '周一', amountFen: 100_001 }],
    });
    expect(over.errors![0].message).toContain('多 0.01 元');
    const count = await t.app
      .get(DataSource)
      .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM remittance WHERE organization_id = $1`, [unit]);
    expect(count[0].n).toBe(0);
  });

  it('counts a gift in the unit’s own name at once below the threshold, and a transfer only once', async () => {
    const unit = await createOrganization('峄城区人民法院', '370404');
    const before = await campaign('cixin-yiri-juan-2026');
    const res = await record('district', {
      organizationId: unit,
      amountFen: 500_000,
      reference: 'FY 2026 1207',
      channel: 'CHEQUE',
      lines: [{ amountFen: 500_000 }],
    });
    const remittance = res.data!.recordRemittance;
    expect(remittance).toMatchObject({
      status: 'CONFIRMED',
      channel: 'CHEQUE',
      lines: [{ displayName: '峄城区人民法院' }],
    });
    expect(remittance.gifts).toEqual([
      expect.objectContaining({ amountFen: 500_000, channel: 'CHEQUE', status: 'PAID' }),
    ]);
    expect(await campaign('cixin-yiri-juan-2026')).toEqual({
      raisedFen: before.raisedFen + 500_000,
      donationCount: before.donationCount + 1,
    });
    expect(await standing(oneDay, unit)).toMatchObject({ participants: 1, raisedFen: 500_000 });

    const again = await record('district', {
      organizationId: unit,
      amountFen: 500_000,
      reference: 'FY 2026 1207',
      channel: 'CHEQUE',
      lines: [{ amountFen: 500_000 }],
    });
    expect(outcome(again)).toBe('CONFLICT');
    expect(again.errors![0].message).toContain('支票 FY 2026 1207 已经录入过');
    expect(await campaign('cixin-yiri-juan-2026')).toEqual({
      raisedFen: before.raisedFen + 500_000,
      donationCount: before.donationCount + 1,
    });

    // Offline money is not refunded through WeChat Pay.
    const refund = await as(
      'district',
      `mutation($r: String!) { refundDonation(receiptNo: $r, reason: "录错了") { receiptNo } }`,
      { r: remittance.gifts[0].receiptNo },
    );
    expect(outcome(refund)).toBe('INVALID_TRANSITION');
    expect(refund.errors![0].message).toContain('线下捐赠（支票），不能经微信支付退款');
  });

  it('follows the campaign’s rule per member: 一元爱心党费 is one yuan a member', async () => {
    const branch = await createOrganization('坛山街道机关党支部', '370404001', 'PARTY_BRANCH');
    const wrong = await record('town', {
      organizationId: branch,
      campaignId: partyDues,
      channel: 'CASH',
      amountFen: 300,
      reference: 'DF-坛山-12',
      lines: [
        { name: '党员甲', amountFen: 100 },
        { name: '党员乙', amountFen: 200 },
      ],
    });
    expect(outcome(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0]).toMatchObject({
      message: 'input.lines[1].amountFen: 「一元爱心党费」每人固定 1 元，第 2 行是 2 元',
      extensions: { field: 'input.lines[1].amountFen' },
    });
    const right = await record('town', {
      organizationId: branch,
      campaignId: partyDues,
      channel: 'CASH',
      amountFen: 300,
      reference: 'DF-坛山-12',
      lines: [
        { name: '党员甲', amountFen: 100 },
        { name: '党员乙', amountFen: 100 },
        { anonymous: true, amountFen: 100 },
      ],
    });
    expect(right.data!.recordRemittance).toMatchObject({ status: 'CONFIRMED', channel: 'CASH' });
    expect(right.data!.recordRemittance.gifts.map((g) => g.displayName)).toEqual(['党**', '党**', '爱心人士']);
  });

  it('needs a voucher, a known channel, a real date, and an organisation in the recorder’s scope', async () => {
    const unit = await createOrganization('吴林街道卫生院', '370404002');
    const base = {
      organizationId: unit,
      amountFen: 1000,
      reference: 'WL-1',
      lines: [{ name: '王五', amountFen: 1000 }],
    };
    const cases: [string, Parameters<typeof record>[1], string, string][] = [
      [
        'no such file',
        { ...base, voucherFileId: '00000000-0000-4000-8000-000000000000' },
        'input.voucherFileId',
        '没有找到文件',
      ],
      [
        'a public image',
        { ...base, voucherFileId: await voucher('district', 'campaign-image') },
        'input.voucherFileId',
        '只接受 attachment',
      ],
      [
        'WeChat Pay',
        { ...base, channel: 'WECHAT_PAY' },
        'input.channel',
        '渠道须为 BANK_TRANSFER（银行转账）、CASH（现金）、CHEQUE（支票），不是 WECHAT_PAY',
      ],
      ['2026-02-30', { ...base, receivedOn: '2026-02-30' }, 'input.receivedOn', '到账日期须写成'],
      ['tomorrow', { ...base, receivedOn: '2099-01-01' }, 'input.receivedOn', '还没有到'],
      ['no reference', { ...base, reference: '  ' }, 'input.reference', '请填写银行交易流水号'],
      ['no lines', { ...base, lines: [] }, 'input.lines', '请按单位报来的明细逐行填写'],
      [
        'a zero line',
        {
          ...base,
          amountFen: 1000,
          lines: [
            { name: '王五', amountFen: 1000 },
            { name: '赵六', amountFen: 0 },
          ],
        },
        'input.lines[1].amountFen',
        '第 2 行的金额须为大于 0 的整数',
      ],
    ];
    for (const [what, input, field, message] of cases) {
      const res = await record('district', input);
      expect({ what, code: outcome(res), field: res.errors?.[0].extensions?.field }).toEqual({
        what,
        code: 'BAD_USER_INPUT',
        field,
      });
      expect(res.errors![0].message).toContain(message);
    }
    // 坛山's operator does not keep 吴林's books; a village operator records no remittance at all.
    expect(outcome(await record('town', base))).toBe('FORBIDDEN');
    expect(outcome(await record('village', base))).toBe('FORBIDDEN');
    expect(outcome(await record('town2', base))).toBe('OK');
  });

  it('lists remittances to staff in scope only, and awaiting ones on their own', async () => {
    const list = async (who: string, args = '') =>
      (
        await as<{ remittances: { id: string; status: string; organization: { name: string } }[] }>(
          who,
          `{ remittances${args} { id status organization { name } } }`,
        )
      ).data!.remittances;
    // Newest first: the four recorded above (the refused ones left nothing behind).
    expect((await list('district')).map((r) => r.organization.name)).toEqual([
      '吴林街道卫生院',
      '坛山街道机关党支部',
      '峄城区人民法院',
      '峄城区财政局',
    ]);
    expect((await list('town')).map((r) => r.organization.name)).toEqual(['坛山街道机关党支部']);
    expect((await list('town2')).map((r) => r.organization.name)).toEqual(['吴林街道卫生院']);
    expect(await list('district', '(status: "AWAITING_CONFIRMATION")')).toEqual([]);
    expect(outcome(await as('district', '{ remittances(status: "LOST") { id } }'))).toBe('BAD_USER_INPUT');
    expect(outcome(await as('public', '{ remittances { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('reverses a remittance found wrong (冲正) with its reason, a second person above the threshold, and the totals follow', async () => {
    const unit = await createOrganization('峄城区审计局', '370404');
    const lines: Line[] = Array.from({ length: 3 }, (_, i) => ({ name: `审计员${i + 1}`, amountFen: 500_000 }));
    const before = await campaign('cixin-yiri-juan-2026');
    const first = (await record('district', { organizationId: unit, amountFen: 1_500_000, lines, reference: 'SJJ-01' }))
      .data!.recordRemittance;
    await confirm('district2', first.id);
    await t.integrateLedger();
    expect(await campaign('cixin-yiri-juan-2026')).toEqual({
      raisedFen: before.raisedFen + 1_500_000,
      donationCount: before.donationCount + 3,
    });
    const reverse = (who: string, id: string, reason = '单位报错了金额：每人应为 4000 元') =>
      as<{ reverseRemittance: Remittance & { reversalReason: string | null } }>(
        who,
        `mutation($id: ID!, $r: String!) { reverseRemittance(id: $id, reason: $r) { ${REMITTANCE} reversalReason reversedAt } }`,
        { id, r: reason },
      );
    const confirmReversal = (who: string, id: string) =>
      as<{ confirmRemittanceReversal: Remittance }>(
        who,
        `mutation($id: ID!) { confirmRemittanceReversal(id: $id) { ${REMITTANCE} } }`,
        { id },
      );

    expect(outcome(await reverse('district', first.id, '  '))).toBe('BAD_USER_INPUT');
    // 15,000 yuan: asked for by one, carried out by another; until then nothing moves.
    const asked = await reverse('district', first.id);
    expect(asked.data!.reverseRemittance).toMatchObject({
      status: 'AWAITING_REVERSAL',
      reversalReason: '单位报错了金额：每人应为 4000 元',
    });
    expect(outcome(await reverse('district2', first.id))).toBe('INVALID_TRANSITION');
    // The console hides what the caller may not do: who recorded it, who asked for its reversal.
    const mine = async (who: string) =>
      (
        await as<{ remittance: { recordedByYou: boolean; reversalRequestedByYou: boolean } }>(
          who,
          `query($id: ID!) { remittance(id: $id) { recordedByYou reversalRequestedByYou } }`,
          { id: first.id },
        )
      ).data!.remittance;
    expect(await mine('district')).toEqual({ recordedByYou: true, reversalRequestedByYou: true });
    expect(await mine('district2')).toEqual({ recordedByYou: false, reversalRequestedByYou: false });
    expect((await campaign('cixin-yiri-juan-2026')).raisedFen).toBe(before.raisedFen + 1_500_000);
    const self = await confirmReversal('district', first.id);
    expect(outcome(self)).toBe('FORBIDDEN');
    expect(self.errors![0].message).toContain('申请人以外的另一位区管理员');
    const reversed = (await confirmReversal('district2', first.id)).data!.confirmRemittanceReversal;
    expect(reversed.status).toBe('REVERSED');
    expect(reversed.gifts.map((g) => g.status)).toEqual(['REVERSED', 'REVERSED', 'REVERSED']);
    expect(await campaign('cixin-yiri-juan-2026')).toEqual(before);
    // No gift left and no roster: it leaves the ranking.
    expect(await standing(oneDay, unit)).toBeUndefined();

    // Reversing entries, never an edit: each gift's DONATION stays, a REFUND saying 冲正 and why follows.
    await t.integrateLedger();
    const entries = await t.app
      .get(DataSource)
      .query<{ kind: string; amount_fen: string; memo: string }[]>(
        `SELECT kind, amount_fen, memo FROM ledger_entry WHERE memo LIKE ANY($1) ORDER BY seq`,
        [reversed.gifts.map((g) => `%${g.receiptNo}%`)],
      );
    expect(entries.map((e) => [e.kind, Number(e.amount_fen)])).toEqual([
      ['DONATION', 500_000],
      ['DONATION', 500_000],
      ['DONATION', 500_000],
      ['REFUND', -500_000],
      ['REFUND', -500_000],
      ['REFUND', -500_000],
    ]);
    expect(entries[3].memo).toBe(`冲正 ${reversed.gifts[0].receiptNo} 线下银行转账：单位报错了金额：每人应为 4000 元`);
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
    expect(await auditOf(first.id)).toEqual([
      'remittance.record',
      'remittance.confirm',
      'remittance.reverse',
      'remittance.confirm_reversal',
    ]);

    // Recorded again, right, under the same reference: the reversed one no longer holds it.
    const again = await record('district', {
      organizationId: unit,
      amountFen: 1_200_000,
      lines: lines.map((l) => ({ ...l, amountFen: 400_000 })),
      reference: 'SJJ-01',
    });
    expect(again.data!.recordRemittance.status).toBe('AWAITING_CONFIRMATION');
    // Never confirmed: reversing just cancels it, with nothing to take off.
    const cancelled = (await reverse('district', again.data!.recordRemittance.id, '重复录入')).data!.reverseRemittance;
    expect(cancelled).toMatchObject({ status: 'REVERSED', gifts: [] });
    expect(outcome(await confirm('district2', cancelled.id))).toBe('INVALID_TRANSITION');

    // Up to the threshold one person reverses at once.
    const small = (
      await record('district', {
        organizationId: unit,
        amountFen: 2000,
        lines: [{ name: '审计员4', amountFen: 2000 }],
        reference: 'SJJ-02',
      })
    ).data!.recordRemittance;
    const now = (await reverse('district', small.id, '款未到账')).data!.reverseRemittance;
    expect(now.status).toBe('REVERSED');
    expect(now.gifts.map((g) => g.status)).toEqual(['REVERSED']);
    expect(await campaign('cixin-yiri-juan-2026')).toEqual(before);
    expect(outcome(await reverse('district', small.id))).toBe('INVALID_TRANSITION');
    expect(outcome(await reverse('town2', small.id))).toBe('NOT_FOUND');
    const one = await as<{ remittance: { status: string; reversalReason: string } }>(
      'district',
      `query($id: ID!) { remittance(id: $id) { status reversalReason } }`,
      { id: small.id },
    );
    expect(one.data!.remittance).toEqual({ status: 'REVERSED', reversalReason: '款未到账' });
    expect(outcome(await as('town2', `query($id: ID!) { remittance(id: $id) { id } }`, { id: small.id }))).toBe(
      'NOT_FOUND',
    );
  });

  describe('one person’s gift at a centre (recordOfflineGift)', () => {
    const GIFT = 'receiptNo amountFen status channel displayName message paidAt ledgerSeq organization { id }';
    const give = async (who: string, input: Record<string, unknown>) =>
      as<{ recordOfflineGift: Gift & { message: string | null } }>(
        who,
        `mutation($input: RecordOfflineGiftInput!) { recordOfflineGift(input: $input) { ${GIFT} } }`,
        {
          input: {
            campaignId: oneDay,
            channel: 'CASH',
            receivedOn: today(),
            voucherFileId: await voucher(who),
            ...input,
          },
        },
      );

    it('takes cash at a village centre: a receipt number at once, counted, in the ledger, with its certificate', async () => {
      const before = await campaign('cixin-yiri-juan-2026');
      const res = await give('village', {
        amountFen: 20_000,
        reference: '坛山村收据 0001',
        name: '王大娘',
        message: '一点心意',
      });
      expect(outcome(res)).toBe('OK');
      const gift = res.data!.recordOfflineGift;
      expect(gift).toMatchObject({
        amountFen: 20_000,
        status: 'PAID',
        channel: 'CASH',
        displayName: '王**',
        message: '一点心意',
        organization: null,
      });
      expect(gift.receiptNo).toMatch(/^SC\d{22}$/);
      expect(await campaign('cixin-yiri-juan-2026')).toEqual({
        raisedFen: before.raisedFen + 20_000,
        donationCount: before.donationCount + 1,
      });
      await t.integrateLedger();
      const receipt = await as<{ donationReceipt: { donor: string; amountYuan: string; ledgerSeq: number | null } }>(
        'village',
        `query($r: String!) { donationReceipt(receiptNo: $r) { donor amountYuan ledgerSeq } }`,
        { r: gift.receiptNo },
      );
      expect(receipt.data!.donationReceipt).toMatchObject({ donor: '王**', amountYuan: '200.00' });
      expect(receipt.data!.donationReceipt.ledgerSeq).not.toBeNull();
      const [entry] = await t.app
        .get(DataSource)
        .query<{ memo: string; donor: string }[]>(
          `SELECT e.memo, e.donor FROM ledger_entry e JOIN donation d ON d.ledger_seq = e.seq WHERE d.receipt_no = $1`,
          [gift.receiptNo],
        );
      expect(entry).toEqual({ memo: `2026年慈心一日捐 ${gift.receiptNo} 线下现金`, donor: '王**' });
      // The village's staff see it among their remittances, as one person's (no organisation).
      const mine = await as<{
        remittances: { reference: string; organization: null; gifts: { receiptNo: string }[] }[];
      }>('village', '{ remittances { reference organization { id } gifts { receiptNo } } }');
      expect(mine.data!.remittances).toEqual([
        { reference: '坛山村收据 0001', organization: null, gifts: [{ receiptNo: gift.receiptNo }] },
      ]);
      expect(
        await auditOf(
          (
            await t.app
              .get(DataSource)
              .query<{ remittance_id: string }[]>('SELECT remittance_id FROM donation WHERE receipt_no = $1', [
                gift.receiptNo,
              ])
          )[0].remittance_id,
        ),
      ).toEqual(['remittance.record_gift']);

      const nameless = await give('village', { amountFen: 1000, reference: '坛山村收据 0002' });
      expect(nameless.errors![0]).toMatchObject({
        message: 'input.name: 请填写捐赠人姓名，或勾选匿名',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.name' },
      });
      const anonymous = await give('village', { amountFen: 1000, reference: '坛山村收据 0002', anonymous: true });
      expect(anonymous.data!.recordOfflineGift).toMatchObject({ displayName: '爱心人士', status: 'PAID' });
      expect(outcome(await give('village', { amountFen: 1000, reference: '坛山村收据 0002', anonymous: true }))).toBe(
        'CONFLICT',
      );
    });

    it('keeps a large one PENDING, receipt number and all, until a second admin confirms; no order time-out touches it', async () => {
      const before = await campaign('cixin-yiri-juan-2026');
      const res = await give('district', { amountFen: 2_000_000, reference: '区中心收据 0001', name: '李先生' });
      const gift = res.data!.recordOfflineGift;
      expect(gift).toMatchObject({ status: 'PENDING', channel: 'CASH', paidAt: null, ledgerSeq: null });
      expect(await campaign('cixin-yiri-juan-2026')).toEqual(before);
      // The sweeper of WeChat Pay orders passes it by.
      const { DonationService } = await import('@shanchou/donations');
      expect(await t.app.get(DonationService).expire(gift.receiptNo)).toBe('PENDING');

      const remittanceId = (
        await t.app
          .get(DataSource)
          .query<{ remittance_id: string }[]>('SELECT remittance_id FROM donation WHERE receipt_no = $1', [
            gift.receiptNo,
          ])
      )[0].remittance_id;
      expect(outcome(await confirm('district', remittanceId))).toBe('FORBIDDEN');
      const confirmed = (await confirm('district2', remittanceId)).data!.confirmRemittance;
      expect(confirmed.gifts).toEqual([expect.objectContaining({ receiptNo: gift.receiptNo, status: 'PAID' })]);
      expect(await campaign('cixin-yiri-juan-2026')).toEqual({
        raisedFen: before.raisedFen + 2_000_000,
        donationCount: before.donationCount + 1,
      });

      // One never confirmed and then reversed keeps its number, REVERSED, never counted.
      const other = (await give('district', { amountFen: 1_500_000, reference: '区中心收据 0002', name: '赵女士' }))
        .data!.recordOfflineGift;
      const otherRemittance = (
        await t.app
          .get(DataSource)
          .query<{ remittance_id: string }[]>('SELECT remittance_id FROM donation WHERE receipt_no = $1', [
            other.receiptNo,
          ])
      )[0].remittance_id;
      await as('district', `mutation($id: ID!) { reverseRemittance(id: $id, reason: "收据作废") { id } }`, {
        id: otherRemittance,
      });
      const after = await as<{ donation: { status: string } }>(
        'district',
        `query($r: String!) { donation(receiptNo: $r) { status } }`,
        { r: other.receiptNo },
      );
      expect(after.data!.donation.status).toBe('REVERSED');
      expect((await campaign('cixin-yiri-juan-2026')).raisedFen).toBe(before.raisedFen + 2_000_000);
    });
  });

  it('is matched only by sponsors whose pledge covers offline gifts, and gives the match back when reversed', async () => {
    const general = await campaignIdOf(t, 'fupin-shanchou');
    const pool = async (sponsorName: string, matchesOffline?: boolean) =>
      (
        await as<{ createMatchPool: { id: string; matchesOffline: boolean } }>(
          'district',
          'mutation($i: CreateMatchPoolInput!) { createMatchPool(input: $i) { id matchesOffline } }',
          { i: { campaignId: general, sponsorName, totalFen: 100_000, perDonorCapFen: 300, matchesOffline } },
        )
      ).data!.createMatchPool;
    const online = await pool('某银行（仅微信捐赠）');
    const offline = await pool('某企业（含线下捐赠）', true);
    expect([online.matchesOffline, offline.matchesOffline]).toEqual([false, true]);
    const matchedOf = async () =>
      Object.fromEntries(
        (
          await t.gql<{ matchPools: { id: string; matchedFen: number }[] }>(
            `query($c: ID!) { matchPools(campaignId: $c) { id matchedFen } }`,
            { c: general },
          )
        ).data!.matchPools.map((p) => [p.id, p.matchedFen]),
      );

    const unit = await createOrganization('峄城区科技局', '370404');
    const res = await record('district', {
      organizationId: unit,
      campaignId: general,
      amountFen: 1000,
      reference: 'KJJ-01',
      lines: [
        { name: '科员甲', amountFen: 500 },
        { name: '科员乙', amountFen: 500 },
      ],
    });
    const remittance = res.data!.recordRemittance;
    // Each line is its own giver: up to the 3 yuan cap each, from the pool that covers offline gifts only.
    expect(await matchedOf()).toEqual({ [online.id]: 0, [offline.id]: 600 });
    const matched = await as<{ remittance: { gifts: { matchedFen: number }[] } }>(
      'district',
      `query($id: ID!) { remittance(id: $id) { gifts { matchedFen } } }`,
      { id: remittance.id },
    );
    expect(matched.data!.remittance.gifts).toEqual([{ matchedFen: 300 }, { matchedFen: 300 }]);

    await as('district', `mutation($id: ID!) { reverseRemittance(id: $id, reason: "录错了项目") { id } }`, {
      id: remittance.id,
    });
    expect(await matchedOf()).toEqual({ [online.id]: 0, [offline.id]: 0 });
    await t.integrateLedger();
    const kinds = await t.app
      .get(DataSource)
      .query<{ kind: string; amount_fen: string }[]>(
        `SELECT kind, amount_fen FROM ledger_entry WHERE memo LIKE ANY($1) ORDER BY seq`,
        [remittance.gifts.map((g) => `%${g.receiptNo}%`)],
      );
    expect(kinds.map((k) => `${k.kind} ${k.amount_fen}`).sort()).toEqual([
      'DONATION 500',
      'DONATION 500',
      'MATCH 300',
      'MATCH 300',
      'REFUND -500',
      'REFUND -500',
      'UNMATCH -300',
      'UNMATCH -300',
    ]);
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
  });
});
