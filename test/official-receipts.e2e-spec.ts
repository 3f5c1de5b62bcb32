import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  GraphqlResponse,
  loginAs,
  outcome,
  paidDonation,
  TestApp,
  uploadPng,
} from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/**
 * 公益事业捐赠票据 (issue 18 item 5): a donor asks for the official receipt of their own paid gift
 * (a WeChat gift, or an offline line found by their phone), a unit for its whole remittance through
 * the staff it remitted to; a district admin issues it with the number and the scan, which only
 * that donor (and staff in scope) can read, or refuses it with a reason. No gift is receipted twice.
 */
describe('official receipts (公益事业捐赠票据)', () => {
  let t: TestApp;
  let filesDir: string;
  let oneDay: string;
  let shade = 0;
  const staff: Record<string, string> = {};

  const REQUEST = `id receiptNo kind amountFen title taxId email status officialReceiptNo fileUrl requestedAt issuedAt refusedReason remittanceId`;
  interface Request {
    id: string;
    receiptNo: string;
    kind: string;
    amountFen: number;
    title: string;
    taxId: string | null;
    status: string;
    officialReceiptNo: string | null;
    fileUrl: string | null;
    refusedReason: string | null;
    remittanceId: string | null;
  }
  const gql = <T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> =>
    t.gql<T>(query, variables, bearer(token));
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  const ask = (donorToken: string, input: Record<string, unknown>) =>
    gql<{ requestOfficialReceipt: Request }>(
      donorToken,
      `mutation($input: RequestOfficialReceiptInput!) { requestOfficialReceipt(input: $input) { ${REQUEST} } }`,
      { input },
    );
  const issue = async (who: string, requestId: string, officialReceiptNo: string) =>
    gql<{ issueOfficialReceipt: Request }>(
      staff[who],
      `mutation($r: ID!, $n: String!, $f: ID!) { issueOfficialReceipt(requestId: $r, officialReceiptNo: $n, fileId: $f) { ${REQUEST} } }`,
      { r: requestId, n: officialReceiptNo, f: await uploadPng(t, staff.district, 'official-receipt', ++shade) },
    );
  const refuse = (requestId: string, reason: string) =>
    gql<{ refuseOfficialReceipt: Request }>(
      staff.district,
      `mutation($r: ID!, $why: String!) { refuseOfficialReceipt(requestId: $r, reason: $why) { ${REQUEST} } }`,
      { r: requestId, why: reason },
    );
  const askForRemittance = (who: string, remittanceId: string, input: Record<string, unknown>) =>
    gql<{ requestRemittanceReceipt: Request }>(
      staff[who],
      `mutation($id: ID!, $input: OfficialReceiptDetailsInput!) { requestRemittanceReceipt(remittanceId: $id, input: $input) { ${REQUEST} } }`,
      { id: remittanceId, input },
    );
  const waiting = async () =>
    (
      await gql<{ officialReceiptRequests: Request[] }>(
        staff.district,
        `{ officialReceiptRequests(status: "REQUESTED") { ${REQUEST} } }`,
      )
    ).data!.officialReceiptRequests;
  const auditOf = async (id: string): Promise<string[]> =>
    (
      await t.app
        .get(DataSource)
        .query<{ action: string }[]>(`SELECT action FROM audit_entry WHERE target_id = $1 ORDER BY id`, [id])
    ).map((r) => r.action);

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'shanchou-receipt-files-'));
    t = await createTestApp({ demo: true, listen: true, env: { FILES_DIR: filesDir } });
    staff.district = await loginAs(t, 'demo-district');
    staff.town = await loginAs(t, 'demo-town');
    const made = await gql(
      staff.district,
      `mutation { createStaff(input: { username: "receipt-auditor", displayName: "审计员", role: AUDITOR, regionCode: "370404", password: "receipt-auditor-pass-2026" }) { id } }`,
    );
    expect(outcome(made)).toBe('OK');
    staff.auditor = await loginAs(t, 'receipt-auditor', 'receipt-auditor-pass-2026');
    oneDay = await campaignIdOf(t, 'cixin-yiri-juan-2026');
  });
  afterAll(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('issues the receipt of a WeChat gift to its donor, who alone can download it', async () => {
    const donor = await donorLogin(t, 'o-receipt-zhang');
    const receiptNo = await paidDonation(t, donor.token, { campaignId: oneDay, amountFen: 30_000 });

    const badTaxId = await ask(donor.token, { receiptNo, title: '张三', taxId: '91440300708461136X' });
    expect(badTaxId.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.taxId' } });
    expect(badTaxId.errors![0].message).toContain('统一社会信用代码');
    expect((await ask(donor.token, { receiptNo, title: ' ' })).errors![0]).toMatchObject({
      extensions: { field: 'input.title' },
    });
    const other = await donorLogin(t, 'o-receipt-stranger');
    expect(outcome(await ask(other.token, { receiptNo, title: '李四' }))).toBe('NOT_FOUND');

    const asked = await ask(donor.token, { receiptNo, title: '张三', email: 'zhang@example.com' });
    expect(outcome(asked)).toBe('OK');
    const request = asked.data!.requestOfficialReceipt;
    expect(request).toMatchObject({ receiptNo, kind: 'GIFT', amountFen: 30_000, title: '张三', status: 'REQUESTED' });
    expect(outcome(await ask(donor.token, { receiptNo, title: '张三' }))).toBe('CONFLICT');
    expect((await waiting()).map((r) => r.id)).toContain(request.id);

    // Only a district admin issues it, with a number used once.
    expect(outcome(await issue('town', request.id, 'SD2026-0000001'))).toBe('FORBIDDEN');
    const issued = await issue('district', request.id, ' SD2026-0000001 ');
    expect(outcome(issued)).toBe('OK');
    expect(issued.data!.issueOfficialReceipt).toMatchObject({ status: 'ISSUED', officialReceiptNo: 'SD2026-0000001' });
    expect(outcome(await issue('district', request.id, 'SD2026-0000002'))).toBe('INVALID_TRANSITION');
    expect(await auditOf(request.id)).toEqual(['official_receipt.issue']);

    // The donor sees it on the gift and downloads it; nobody else can read the file.
    const mine = await gql<{ myDonations: { receiptNo: string; officialReceipt: Request | null }[] }>(
      donor.token,
      `{ myDonations { receiptNo officialReceipt { ${REQUEST} } } }`,
    );
    const seen = mine.data!.myDonations.find((d) => d.receiptNo === receiptNo)!.officialReceipt!;
    expect(seen).toMatchObject({ status: 'ISSUED', officialReceiptNo: 'SD2026-0000001' });
    const download = await fetch(`${t.baseUrl}${seen.fileUrl}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('image/png');
    const fileId = /\/files\/private\/([\w-]+)/.exec(seen.fileUrl!)![1];
    const asDonor = (token: string) => fetch(`${t.baseUrl}/files/private/${fileId}`, { headers: bearer(token) });
    expect((await asDonor(donor.token)).status).toBe(200);
    expect((await asDonor(other.token)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/files/private/${fileId}`)).status).toBe(404);

    // A person's name, tax number, email and 票据 are for the donor and a district admin: other
    // staff (an auditor here) see the name masked and none of the rest, on every path.
    const listedFor = async (who: string) =>
      (
        await gql<{ officialReceiptRequests: Request[] }>(staff[who], `{ officialReceiptRequests { ${REQUEST} } }`)
      ).data!.officialReceiptRequests.find((r) => r.id === request.id)!;
    expect(await listedFor('district')).toMatchObject({ title: '张三', email: 'zhang@example.com' });
    expect((await listedFor('district')).fileUrl).not.toBeNull();
    expect(await listedFor('auditor')).toMatchObject({ title: '张*', taxId: null, email: null, fileUrl: null });
    const onGift = await gql<{ donation: { officialReceipt: Request } }>(
      staff.auditor,
      `query($r: String!) { donation(receiptNo: $r) { officialReceipt { ${REQUEST} } } }`,
      { r: receiptNo },
    );
    expect(onGift.data!.donation.officialReceipt).toMatchObject({ title: '张*', email: null, fileUrl: null });

    // Another gift cannot be given the same 票据 number.
    const second = await paidDonation(t, donor.token, { campaignId: oneDay, amountFen: 1_000 });
    const again = (await ask(donor.token, { receiptNo: second, title: '张三' })).data!.requestOfficialReceipt;
    const reused = await issue('district', again.id, 'SD2026-0000001');
    expect(outcome(reused)).toBe('CONFLICT');
    expect(reused.errors![0].message).toContain('一张票据只能开给一笔捐赠');
  });

  it('receipts a unit’s remittance once: by the unit as a whole, or by a member for their line, never both', async () => {
    const unit = (
      await gql<{ createOrganization: { id: string } }>(
        staff.district,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { kind: 'WORK_UNIT', name: '峄城区税务局', regionCode: '370404' } },
      )
    ).data!.createOrganization.id;
    const recorded = await gql<{
      recordRemittance: { id: string; gifts: { receiptNo: string; giverPhone: string | null }[] };
    }>(
      staff.district,
      'mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { id gifts { receiptNo giverPhone } } }',
      {
        input: {
          organizationId: unit,
          campaignId: oneDay,
          amountFen: 60_000,
          channel: 'BANK_TRANSFER',
          receivedOn: today(),
          reference: 'SWJ20261207-001',
          voucherFileId: await uploadPng(t, staff.district, 'attachment', ++shade),
          lines: [
            { name: '孙一', amountFen: 25_000, phone: '13300000011' },
            { name: '李二', amountFen: 35_000 },
          ],
        },
      },
    );
    expect(outcome(recorded)).toBe('OK');
    const remittance = recorded.data!.recordRemittance;
    const sunLine = remittance.gifts.find((g) => g.giverPhone === '133****0011')!;

    // 孙一 proves the phone the unit reported and asks for a 票据 for their own line.
    const sun = await donorLogin(t, 'o-receipt-sun-yi');
    expect(outcome(await gql(sun.token, 'mutation { sendMyPhoneCode(phone: "13300000011") { phone } }'))).toBe('OK');
    const sms = (await (await fetch(`${t.baseUrl}/wechat-sim/_sim/sms?phone=13300000011`)).json()) as {
      params: string[];
    }[];
    const verified = await gql(
      sun.token,
      `mutation { verifyMyPhone(phone: "13300000011", code: "${sms.at(-1)!.params[0]}") { claimedDonations } }`,
    );
    expect(verified.data).toEqual({ verifyMyPhone: { claimedDonations: 1 } });
    const lineRequest = await ask(sun.token, { receiptNo: sunLine.receiptNo, title: '孙一' });
    expect(lineRequest.data!.requestOfficialReceipt).toMatchObject({ kind: 'GIFT', amountFen: 25_000 });

    // The unit then asks for one for the whole remittance: refused, naming what is already asked.
    const whole = { title: '国家税务总局枣庄市峄城区税务局', taxId: '11370404MB1234567X' };
    const badCode = await askForRemittance('district', remittance.id, whole);
    expect(badCode.errors![0]).toMatchObject({ extensions: { field: 'input.taxId' } });
    const validTaxId = { ...whole, taxId: '91440300708461136T' };
    const clash = await askForRemittance('district', remittance.id, validTaxId);
    expect(outcome(clash)).toBe('CONFLICT');
    expect(clash.errors![0].message).toContain('已有 1 笔捐赠由捐赠人本人申请了票据（共 250 元）');

    // Refused (the unit will have one for all), the line's request frees the remittance.
    const refused = await refuse(lineRequest.data!.requestOfficialReceipt.id, '单位将为整笔汇款统一开具');
    expect(refused.data!.refuseOfficialReceipt).toMatchObject({
      status: 'REFUSED',
      refusedReason: '单位将为整笔汇款统一开具',
    });
    // A town operator does not see a district unit's remittance at all.
    expect(outcome(await askForRemittance('town', remittance.id, validTaxId))).toBe('NOT_FOUND');
    const unitRequest = await askForRemittance('district', remittance.id, validTaxId);
    expect(outcome(unitRequest)).toBe('OK');
    expect(unitRequest.data!.requestRemittanceReceipt).toMatchObject({
      kind: 'REMITTANCE',
      receiptNo: 'SWJ20261207-001',
      amountFen: 60_000,
      remittanceId: remittance.id,
      taxId: '91440300708461136T',
    });
    expect(await auditOf(unitRequest.data!.requestRemittanceReceipt.id)).toEqual(['official_receipt.request']);
    const lineAgain = await ask(sun.token, { receiptNo: sunLine.receiptNo, title: '孙一' });
    expect(outcome(lineAgain)).toBe('CONFLICT');
    expect(lineAgain.errors![0].message).toContain('已由单位整笔申请捐赠票据');

    const onRemittance = await gql<{ remittance: { officialReceipt: Request | null } }>(
      staff.district,
      `query($id: ID!) { remittance(id: $id) { officialReceipt { ${REQUEST} } } }`,
      { id: remittance.id },
    );
    expect(onRemittance.data!.remittance.officialReceipt).toMatchObject({ status: 'REQUESTED', kind: 'REMITTANCE' });
    const issued = await issue('district', unitRequest.data!.requestRemittanceReceipt.id, 'SD2026-0000100');
    expect(issued.data!.issueOfficialReceipt.status).toBe('ISSUED');
    expect((await fetch(`${t.baseUrl}${issued.data!.issueOfficialReceipt.fileUrl}`)).status).toBe(200);
  });

  it('refuses a gift that is not paid, and a remittance not confirmed', async () => {
    const donor = await donorLogin(t, 'o-receipt-unpaid');
    const pending = (
      await gql<{ createDonation: { donation: { receiptNo: string } } }>(
        donor.token,
        'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
        { input: { campaignId: oneDay, amountFen: 1_000 } },
      )
    ).data!.createDonation.donation.receiptNo;
    const res = await ask(donor.token, { receiptNo: pending, title: '王五' });
    expect(outcome(res)).toBe('INVALID_TRANSITION');
    expect(res.errors![0].message).toContain('只有已入账的捐赠才能申请捐赠票据');

    const unit = (
      await gql<{ createOrganization: { id: string } }>(
        staff.district,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { kind: 'WORK_UNIT', name: '峄城区统计局', regionCode: '370404' } },
      )
    ).data!.createOrganization.id;
    const big = await gql<{ recordRemittance: { id: string; status: string } }>(
      staff.district,
      'mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { id status } }',
      {
        input: {
          organizationId: unit,
          campaignId: oneDay,
          amountFen: 2_000_000,
          channel: 'BANK_TRANSFER',
          receivedOn: today(),
          reference: 'TJJ20261207-001',
          voucherFileId: await uploadPng(t, staff.district, 'attachment', ++shade),
          lines: [{ amountFen: 2_000_000 }],
        },
      },
    );
    expect(big.data!.recordRemittance.status).toBe('AWAITING_CONFIRMATION');
    const early = await askForRemittance('district', big.data!.recordRemittance.id, { title: '峄城区统计局' });
    expect(outcome(early)).toBe('INVALID_TRANSITION');
  });
});
