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
import * as iconv from 'iconv-lite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * 银行流水对账 (issue 18 item 4): the district's receiving account's statement, exported by the bank
 * as a GBK CSV with its preamble and totals, read with the columns mapped once for that bank, and
 * matched to the bank transfers recorded as remittances: the matched, the one whose amount differs,
 * the transfer nobody recorded and the recorded one the bank never received are each found.
 */
describe('bank statement reconciliation', () => {
  let t: TestApp;
  let filesDir: string;
  const token: Record<string, string> = {};
  let campaignId: string;
  let shade = 100;
  const BANK = '中国农业银行峄城支行';

  const REPORT = `id bank fileName from to lineCount skippedDebits importedAt
    matched { differenceFen remittance { id reference amountFen organization { name } } line { row date amountFen reference counterparty serial } }
    amountDiffers { differenceFen remittance { id reference amountFen } line { row amountFen serial } }
    missingInRecords { row date amountFen reference counterparty serial }
    missingOnStatement { id reference amountFen receivedOn }`;

  interface Line {
    row: number;
    date?: string;
    amountFen: number;
    reference?: string;
    counterparty?: string | null;
    serial: string | null;
  }
  interface Pair {
    differenceFen: number;
    remittance: { id: string; reference: string; amountFen: number; organization?: { name: string } };
    line: Line;
  }
  interface Report {
    id: string;
    bank: string;
    fileName: string;
    from: string | null;
    to: string | null;
    lineCount: number;
    skippedDebits: number;
    matched: Pair[];
    amountDiffers: Pair[];
    missingInRecords: Line[];
    missingOnStatement: { id: string; reference: string; amountFen: number; receivedOn: string }[];
  }

  const as = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> =>
    t.gql<T>(query, variables, bearer(token[who]));
  const shanghaiDay = (offsetDays = 0) =>
    new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

  const saveMapping = (who: string, mapping: Record<string, unknown>, bank = BANK) =>
    as<{ saveBankStatementMapping: { bank: string; mapping: Record<string, unknown> } }>(
      who,
      `mutation($b: String!, $m: BankColumnMappingInput!) { saveBankStatementMapping(bank: $b, mapping: $m) {
        bank mapping { date credit amount direction creditValues reference counterparty counterpartyAccount serial } } }`,
      { b: bank, m: mapping },
    );
  const reconcile = (who: string, bytes: Buffer, fileName = '农行流水.csv', bank = BANK) =>
    as<{ reconcileBankStatement: Report }>(
      who,
      `mutation($b: String!, $n: String!, $f: String!) { reconcileBankStatement(bank: $b, fileName: $n, file: $f) { ${REPORT} } }`,
      { b: bank, n: fileName, f: bytes.toString('base64') },
    );

  async function remit(organizationId: string, reference: string, amountFen: number, receivedOn: string) {
    const voucherFileId = await uploadPng(t, token.district, 'attachment', ++shade);
    const res = await as<{ recordRemittance: { id: string; status: string } }>(
      'district',
      'mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { id status } }',
      {
        input: {
          organizationId,
          campaignId,
          amountFen,
          channel: 'BANK_TRANSFER',
          receivedOn,
          reference,
          voucherFileId,
          lines: [{ amountFen }],
        },
      },
    );
    expect(res.data!.recordRemittance.status).toBe('CONFIRMED');
    return res.data!.recordRemittance.id;
  }

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'shanchou-bank-files-'));
    t = await createTestApp({ demo: true, env: { FILES_DIR: filesDir } });
    token.district = await loginAs(t, 'demo-district');
    token.town = await loginAs(t, 'demo-town');
    const made = await as(
      'district',
      `mutation { createStaff(input: { username: "bank-auditor", displayName: "审计员", role: AUDITOR, regionCode: "370404", password: "bank-auditor-pass-2026" }) { id } }`,
    );
    expect(outcome(made)).toBe('OK');
    token.auditor = await loginAs(t, 'bank-auditor', 'bank-auditor-pass-2026');
    campaignId = await campaignIdOf(t, 'cixin-yiri-juan-2026');
  });
  afterAll(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('saves a bank’s column mapping once, refusing one the statement could not be read with', async () => {
    const both = await saveMapping('district', { date: '交易日期', credit: '贷方发生额', amount: '交易金额' });
    expect(outcome(both)).toBe('BAD_USER_INPUT');
    expect(both.errors![0].message).toContain('请只填一种金额列');
    expect(outcome(await saveMapping('district', { date: ' ', credit: '贷方发生额' }))).toBe('BAD_USER_INPUT');
    expect(outcome(await saveMapping('town', { date: '交易日期', credit: '贷方发生额' }))).toBe('FORBIDDEN');

    const saved = await saveMapping('district', {
      date: '交易日期',
      credit: '贷方发生额',
      reference: '摘要',
      counterparty: '对方户名',
      serial: '交易流水号',
    });
    expect(saved.data!.saveBankStatementMapping).toEqual({
      bank: BANK,
      mapping: {
        date: '交易日期',
        credit: '贷方发生额',
        amount: null,
        direction: null,
        creditValues: null,
        reference: '摘要',
        counterparty: '对方户名',
        counterpartyAccount: null,
        serial: '交易流水号',
      },
    });
    const listed = await as<{ bankStatementMappings: { bank: string }[] }>(
      'auditor',
      '{ bankStatementMappings { bank } }',
    );
    expect(listed.data!.bankStatementMappings).toEqual([{ bank: BANK }]);
  });

  it('matches a GBK statement to the recorded transfers, finding the missing and the mismatched on both sides', async () => {
    const orgs = await as<{ organizations: { id: string; name: string }[] }>(
      'district',
      '{ organizations(regionCode: "370404") { id name } }',
    );
    const byName = new Map(orgs.data!.organizations.map((o) => [o.name, o.id]));
    const today = shanghaiDay();
    const yesterday = shanghaiDay(-1);
    const matched = await remit(byName.get('峄城区民政局')!, 'NH20261207001', 500_000, yesterday);
    const differs = await remit(byName.get('峄城区人民医院')!, 'NH20261207002', 300_000, today);
    const unseen = await remit(byName.get('峄城区实验小学')!, 'NH20261207003', 200_000, today);
    // Recorded long before the statement's days: not reported as missing from it.
    await remit(byName.get('吴林街道办事处')!, 'NH20250101009', 100_000, '2025-01-01');

    const csv = [
      '中国农业银行账户明细',
      `账号,622848000012345678,户名,峄城区慈善总会`,
      `查询期间,${yesterday} 至 ${today}`,
      '交易日期,交易流水号,借方发生额,贷方发生额,余额,对方户名,摘要',
      `${yesterday},NH20261207001,,"5,000.00","105,000.00",峄城区民政局,一日捐`,
      `${today},NH20261207002,,2999.00,"107,999.00",峄城区人民医院,一日捐 汇款`,
      `${today},XX88001,,800.00,"108,799.00",某某商贸有限公司,捐款`,
      `${today},ZF0001,120.00,,"108,679.00",峄城区供电公司,电费`,
      `合计,,120.00,"8,799.00",,,`,
    ].join('\r\n');
    const res = await reconcile('district', iconv.encode(csv, 'gbk'));
    expect(outcome(res)).toBe('OK');
    const report = res.data!.reconcileBankStatement;
    expect(report).toMatchObject({
      bank: BANK,
      fileName: '农行流水.csv',
      from: yesterday,
      to: today,
      lineCount: 3,
      skippedDebits: 1,
    });
    expect(report.matched).toEqual([
      {
        differenceFen: 0,
        remittance: {
          id: matched,
          reference: 'NH20261207001',
          amountFen: 500_000,
          organization: { name: '峄城区民政局' },
        },
        line: {
          row: 5,
          date: yesterday,
          amountFen: 500_000,
          reference: '一日捐',
          counterparty: '峄城区民政局',
          serial: 'NH20261207001',
        },
      },
    ]);
    expect(report.amountDiffers).toEqual([
      {
        differenceFen: -100,
        remittance: { id: differs, reference: 'NH20261207002', amountFen: 300_000 },
        line: { row: 6, amountFen: 299_900, serial: 'NH20261207002' },
      },
    ]);
    expect(report.missingInRecords).toEqual([
      {
        row: 7,
        date: today,
        amountFen: 80_000,
        reference: '捐款',
        counterparty: '某某商贸有限公司',
        serial: 'XX88001',
      },
    ]);
    expect(report.missingOnStatement).toEqual([
      { id: unseen, reference: 'NH20261207003', amountFen: 200_000, receivedOn: today },
    ]);

    // Kept with who imported it, readable by the auditor, audited; a town operator sees none of it.
    const past = await as<{ bankStatementReconciliations: Report[] }>(
      'auditor',
      `{ bankStatementReconciliations { ${REPORT} } }`,
    );
    expect(past.data!.bankStatementReconciliations).toEqual([report]);
    expect(outcome(await as('town', '{ bankStatementReconciliations { id } }'))).toBe('FORBIDDEN');
    expect(outcome(await reconcile('auditor', iconv.encode(csv, 'gbk')))).toBe('FORBIDDEN');
    const audit = await t.app
      .get(DataSource)
      .query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE target_id = $1`, [report.id]);
    expect(audit.map((a) => a.action)).toEqual(['bank_statement.reconcile']);
  });

  it('keeps nothing of a statement it cannot read, and says why', async () => {
    const count = async () =>
      (await t.app.get(DataSource).query<{ n: number }[]>('SELECT count(*)::int AS n FROM bank_statement_import'))[0].n;
    const before = await count();
    const noHeader = await reconcile('district', Buffer.from('日期,金额\n2026-12-01,100.00\n'));
    expect(outcome(noHeader)).toBe('BAD_USER_INPUT');
    expect(noHeader.errors![0].message).toContain('找不到表头');
    const badAmount = await reconcile(
      'district',
      Buffer.from('交易日期,交易流水号,贷方发生额,对方户名,摘要\n2026-12-01,A1,12a.00,某单位,捐款\n'),
    );
    expect(badAmount.errors![0].message).toContain('第 2 行「贷方发生额」');
    expect(outcome(await reconcile('district', Buffer.from('x'), '流水.pdf'))).toBe('BAD_USER_INPUT');
    const unknownBank = await reconcile('district', Buffer.from('交易日期\n'), '流水.csv', '某某银行');
    expect(unknownBank.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'bank' } });
    expect(unknownBank.errors![0].message).toContain('还没有保存「某某银行」的列对应');
    expect(await count()).toBe(before);
  });
});
