import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
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
 * A cash gift at a village centre, found later by its giver (issue 18 item 2): the staff member
 * writes down the giver's mobile with the gift; the giver, signed in through WeChat, proves the
 * number with an SMS code (the stand-in plays Tencent Cloud SMS) and finds the gift in 我的捐赠,
 * with its certificate and yearly statement. Numbers are kept only hashed and masked.
 */
describe('offline gifts found by the giver’s phone', () => {
  let t: TestApp;
  let filesDir: string;
  let oneDay: string;
  let shade = 0;
  const staff: Record<string, string> = {};

  const GIFT = 'receiptNo amountFen status channel giverPhone displayName';
  interface Gift {
    receiptNo: string;
    amountFen: number;
    status: string;
    channel: string;
    giverPhone: string | null;
  }

  const gql = <T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> =>
    t.gql<T>(query, variables, bearer(token));
  const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  let receiptNumber = 0;
  async function cashGift(
    input: Record<string, unknown>,
    who = 'village',
  ): Promise<GraphqlResponse<{ recordOfflineGift: Gift }>> {
    return gql<{ recordOfflineGift: Gift }>(
      staff[who],
      `mutation($input: RecordOfflineGiftInput!) { recordOfflineGift(input: $input) { ${GIFT} } }`,
      {
        input: {
          campaignId: oneDay,
          channel: 'CASH',
          receivedOn: today(),
          reference: `坛山村收据 P${String(++receiptNumber).padStart(4, '0')}`,
          voucherFileId: await uploadPng(t, staff[who], 'attachment', ++shade),
          amountFen: 5_000,
          name: '王大娘',
          ...input,
        },
      },
    );
  }

  const sendCode = (token: string, phone: string) =>
    gql<{ sendMyPhoneCode: { phone: string; expiresAt: string; resendAfterSeconds: number } }>(
      token,
      'mutation($p: String!) { sendMyPhoneCode(phone: $p) { phone expiresAt resendAfterSeconds } }',
      { p: phone },
    );
  const verify = (token: string, phone: string, code: string) =>
    gql<{ verifyMyPhone: { phone: string; verifiedAt: string; claimedDonations: number } }>(
      token,
      'mutation($p: String!, $c: String!) { verifyMyPhone(phone: $p, code: $c) { phone verifiedAt claimedDonations } }',
      { p: phone, c: code },
    );
  const myDonations = async (token: string) =>
    (await gql<{ myDonations: Gift[] }>(token, `{ myDonations { ${GIFT} } }`)).data!.myDonations;

  /** The code the stand-in's SMS carried to this number, the latest one. */
  async function smsCode(phone: string): Promise<string> {
    const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/sms?phone=${phone}`);
    const messages = (await res.json()) as { params: string[] }[];
    expect(messages.length).toBeGreaterThan(0);
    return messages[messages.length - 1].params[0];
  }

  async function proves(token: string, phone: string): Promise<number> {
    expect(outcome(await sendCode(token, phone))).toBe('OK');
    const proved = await verify(token, phone, await smsCode(phone));
    expect(outcome(proved)).toBe('OK');
    return proved.data!.verifyMyPhone.claimedDonations;
  }

  beforeAll(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'shanchou-phone-files-'));
    t = await createTestApp({ demo: true, listen: true, env: { FILES_DIR: filesDir } });
    staff.village = await loginAs(t, 'demo-village');
    staff.district = await loginAs(t, 'demo-district');
    oneDay = await campaignIdOf(t, 'cixin-yiri-juan-2026');
  });
  afterAll(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // Tencent's limits are per number and per day; each test starts with the stand-in's forgotten.
    expect((await fetch(`${t.baseUrl}/wechat-sim/_sim/sms/reset`, { method: 'POST' })).ok).toBe(true);
  });

  it('shows a cash gift in the giver’s 我的捐赠 once they prove the number they gave, with its certificate and statement', async () => {
    const recorded = await cashGift({ phone: '139 1234 5678', amountFen: 20_000 });
    expect(outcome(recorded)).toBe('OK');
    const gift = recorded.data!.recordOfflineGift;
    expect(gift).toMatchObject({ status: 'PAID', channel: 'CASH', giverPhone: '139****5678' });

    const donor = await donorLogin(t, 'o-phone-wang-daniang');
    expect(await myDonations(donor.token)).toEqual([]);
    const certificate = `query($r: String!) { donationReceipt(receiptNo: $r) { receiptNo amountYuan } }`;
    expect(outcome(await gql(donor.token, certificate, { r: gift.receiptNo }))).toBe('NOT_FOUND');

    const sent = await sendCode(donor.token, '+86 139-1234-5678');
    expect(outcome(sent)).toBe('OK');
    expect(sent.data!.sendMyPhoneCode).toMatchObject({ phone: '139****5678', resendAfterSeconds: 60 });
    const code = await smsCode('13912345678');
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await verify(donor.token, '13912345678', code === '000000' ? '111111' : '000000');
    expect(wrong.errors![0]).toMatchObject({
      message: 'code: 验证码不正确，还可以再试 4 次',
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    });
    expect(await myDonations(donor.token)).toEqual([]);

    const proved = await verify(donor.token, '13912345678', code);
    expect(outcome(proved)).toBe('OK');
    expect(proved.data!.verifyMyPhone).toMatchObject({ phone: '139****5678', claimedDonations: 1 });
    expect(await myDonations(donor.token)).toEqual([
      expect.objectContaining({ receiptNo: gift.receiptNo, amountFen: 20_000, channel: 'CASH', status: 'PAID' }),
    ]);
    // What the paper receipt said, on the gift: the day, the stub's number, who took it.
    const record = await gql<{ myDonations: { offlineRecord: Record<string, string> | null }[] }>(
      donor.token,
      '{ myDonations { offlineRecord { receivedOn reference recordedBy } } }',
    );
    const taken = record.data!.myDonations[0].offlineRecord!;
    expect(taken.reference).toMatch(/^坛山村收据 P\d{4}$/);
    expect(taken).toEqual({ receivedOn: today(), reference: taken.reference, recordedBy: '坛山社区演示账号' });
    const me = await gql<{ me: { donor: { phone: string | null } } }>(donor.token, '{ me { donor { phone } } }');
    expect(me.data!.me.donor.phone).toBe('139****5678');
    expect(
      (await gql<{ donationReceipt: { amountYuan: string } }>(donor.token, certificate, { r: gift.receiptNo })).data!,
    ).toEqual({ donationReceipt: { receiptNo: gift.receiptNo, amountYuan: '200.00' } });
    const year = Number(today().slice(0, 4));
    const statement = await gql<{ myYearlyStatement: { gifts: number; totalFen: number } }>(
      donor.token,
      'query($y: Int!) { myYearlyStatement(year: $y) { gifts totalFen } }',
      { y: year },
    );
    expect(statement.data!.myYearlyStatement).toEqual({ gifts: 1, totalFen: 20_000 });

    // The code is used up; a gift recorded against the number from now on is the donor's at once.
    expect(outcome(await verify(donor.token, '13912345678', code))).toBe('BAD_USER_INPUT');
    const later = (await cashGift({ phone: '13912345678', amountFen: 3_000 })).data!.recordOfflineGift;
    expect((await myDonations(donor.token)).map((d) => d.receiptNo).sort()).toEqual(
      [gift.receiptNo, later.receiptNo].sort(),
    );
    // Nobody else's: another donor sees none of it.
    const stranger = await donorLogin(t, 'o-phone-stranger');
    expect(await myDonations(stranger.token)).toEqual([]);
  });

  it('gives a unit’s line to the member who proves the phone the unit reported', async () => {
    const unit = (
      await gql<{ createOrganization: { id: string } }>(
        staff.district,
        'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }',
        { i: { kind: 'WORK_UNIT', name: '峄城区农业农村局', regionCode: '370404' } },
      )
    ).data!.createOrganization.id;
    const lines = [
      { name: '赵一', amountFen: 30_000, phone: '13700000001' },
      { name: '钱二', amountFen: 20_000 },
    ];
    const bad = await gql(
      staff.district,
      'mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { id } }',
      {
        input: {
          organizationId: unit,
          campaignId: oneDay,
          amountFen: 50_000,
          channel: 'BANK_TRANSFER',
          receivedOn: today(),
          reference: 'NYJ20261207-BAD',
          voucherFileId: await uploadPng(t, staff.district, 'attachment', ++shade),
          lines: [lines[0], { ...lines[1], phone: '1370000' }],
        },
      },
    );
    expect(bad.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.lines[1].phone' },
    });
    expect(bad.errors![0].message).toMatch(/^input\.lines\[1\]\.phone: 第 2 行的手机号须为 11 位/);

    const recorded = await gql<{ recordRemittance: { lines: { phone: string | null }[]; gifts: Gift[] } }>(
      staff.district,
      `mutation($input: RecordRemittanceInput!) { recordRemittance(input: $input) { lines { phone } gifts { ${GIFT} } } }`,
      {
        input: {
          organizationId: unit,
          campaignId: oneDay,
          amountFen: 50_000,
          channel: 'BANK_TRANSFER',
          receivedOn: today(),
          reference: 'NYJ20261207-001',
          voucherFileId: await uploadPng(t, staff.district, 'attachment', ++shade),
          lines,
        },
      },
    );
    expect(outcome(recorded)).toBe('OK');
    expect(recorded.data!.recordRemittance.lines).toEqual([{ phone: '137****0001' }, { phone: null }]);
    const zhao = recorded.data!.recordRemittance.gifts.find((g) => g.giverPhone === '137****0001')!;
    expect(zhao).toMatchObject({ amountFen: 30_000, status: 'PAID' });

    const member = await donorLogin(t, 'o-phone-zhao-yi');
    expect(await proves(member.token, '13700000001')).toBe(1);
    expect((await myDonations(member.token)).map((d) => d.receiptNo)).toEqual([zhao.receiptNo]);
  });

  it('refuses a wrong number, a second code within a minute, and a code after five wrong tries', async () => {
    const badPhone = await cashGift({ phone: '1391234' });
    expect(badPhone.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.phone' } });
    const donor = await donorLogin(t, 'o-phone-careless');
    expect((await sendCode(donor.token, '02312345678')).errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'phone' },
    });

    expect(outcome(await sendCode(donor.token, '13600000002'))).toBe('OK');
    const again = await sendCode(donor.token, '13600000002');
    expect(again.errors![0]).toMatchObject({ extensions: { code: 'CONFLICT', field: 'phone' } });
    expect(again.errors![0].message).toMatch(/^验证码已发送，请 \d+ 秒后再获取$/);
    // Only one SMS went out.
    const sent = (await (await fetch(`${t.baseUrl}/wechat-sim/_sim/sms?phone=13600000002`)).json()) as unknown[];
    expect(sent).toHaveLength(1);

    const code = await smsCode('13600000002');
    const notIt = code === '999999' ? '888888' : '999999';
    const tries = [];
    for (let i = 0; i < 5; i += 1) tries.push((await verify(donor.token, '13600000002', notIt)).errors![0].message);
    expect(tries).toEqual([
      'code: 验证码不正确，还可以再试 4 次',
      'code: 验证码不正确，还可以再试 3 次',
      'code: 验证码不正确，还可以再试 2 次',
      'code: 验证码不正确，还可以再试 1 次',
      'code: 验证码不正确，请重新获取',
    ]);
    // The right code no longer works either: five guesses are all anyone gets.
    const late = await verify(donor.token, '13600000002', code);
    expect(late.errors![0].message).toBe('code: 验证码输错次数过多，请重新获取');
    expect(outcome(await verify(donor.token, '13600000002', '12345'))).toBe('BAD_USER_INPUT');
  });

  it('moves a number to the account that proves it last, leaving earlier gifts where they were', async () => {
    const first = await donorLogin(t, 'o-phone-old-account');
    const early = (await cashGift({ phone: '13500000003' })).data!.recordOfflineGift;
    expect(await proves(first.token, '13500000003')).toBe(1);

    await fetch(`${t.baseUrl}/wechat-sim/_sim/sms/reset`, { method: 'POST' });
    const second = await donorLogin(t, 'o-phone-new-account');
    expect(await proves(second.token, '13500000003')).toBe(0);
    const after = (await cashGift({ phone: '13500000003' })).data!.recordOfflineGift;
    expect((await myDonations(first.token)).map((d) => d.receiptNo)).toEqual([early.receiptNo]);
    expect((await myDonations(second.token)).map((d) => d.receiptNo)).toEqual([after.receiptNo]);
    const me = await gql<{ me: { donor: { phone: string | null } } }>(first.token, '{ me { donor { phone } } }');
    expect(me.data!.me.donor.phone).toBeNull();
  });

  it('keeps no phone number in the clear anywhere in the database', async () => {
    const db = t.app.get(DataSource);
    const columns = await db.query<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('character varying', 'text', 'jsonb', 'json')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [row] = await db.query<{ n: string | number }[]>(
        `SELECT count(*) AS n FROM "${table_name}" WHERE "${column_name}"::text ~ '(13912345678|13700000001|13600000002|13500000003|1391234)'`,
      );
      if (Number(row.n) > 0) found.push(`${table_name}.${column_name}`);
    }
    expect(found).toEqual([]);
  });
});
