import { Role, StaffService } from '@shanchou/identity';
import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  loginAs,
  outcome,
  paidDonation,
  refundedDonation,
  startDonation,
  TestApp,
} from '@shanchou/test';
import ExcelJS from 'exceljs';

interface Page {
  donations: { receiptNo: string; amountFen: number; status: string; displayName: string }[];
  nextBefore: string | null;
}

/** 捐赠查询 and 捐赠明细 exports (issue 17 items 2 and 6), for the district admin and the auditor. */
describe('donation search and exports', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let town: string;
  let cixin: string;
  let general: string;
  let unit: string;
  const gifts: Record<string, string> = {};

  const search = (token: string, filter: Record<string, unknown>, first = 50, before?: string) =>
    t.gql<{ searchDonations: Page }>(
      `query($f: DonationSearchInput, $n: Int!, $b: String) {
         searchDonations(filter: $f, first: $n, before: $b) { donations { receiptNo amountFen status displayName } nextBefore }
       }`,
      { f: filter, n: first, b: before },
      bearer(token),
    );
  const download = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    await t.app.get(StaffService).provision([
      {
        username: 'search-auditor',
        displayName: '审计员',
        role: Role.AUDITOR,
        regionCode: '370404',
        password: 'audit-pass-2026',
      },
    ]);
    admin = await loginAs(t, 'demo-district');
    auditor = await loginAs(t, 'search-auditor', 'audit-pass-2026');
    town = await loginAs(t, 'demo-town');
    cixin = await campaignIdOf(t, 'cixin-yiri-juan-2026');
    general = (
      await t.gql<{ campaigns: { id: string; kind: string }[] }>('{ campaigns { id kind } }')
    ).data!.campaigns.find((c) => c.kind === 'GENERAL')!.id;
    unit = (
      await t.gql<{ createOrganization: { id: string } }>(
        'mutation { createOrganization(input: { name: "=峄城区财政局", kind: WORK_UNIT, regionCode: "370404" }) { id } }',
        {},
        bearer(admin),
      )
    ).data!.createOrganization.id;
    const donor = (await donorLogin(t, 'oSearch-donor-1')).token;
    const other = (await donorLogin(t, 'oSearch-donor-2')).token;
    gifts.unit = await paidDonation(t, donor, { campaignId: cixin, amountFen: 12345, organizationId: unit });
    gifts.anonymous = await paidDonation(t, other, { campaignId: cixin, amountFen: 500, anonymous: true });
    gifts.general = await paidDonation(t, donor, { campaignId: general, amountFen: 2000 });
    gifts.refunded = await paidDonation(t, other, { campaignId: cixin, amountFen: 800 });
    await refundedDonation(t, admin, gifts.refunded);
    gifts.pending = await startDonation(t, donor, { campaignId: cixin, amountFen: 999 });
  });
  afterAll(() => t.close());

  it('finds gifts by receipt number, campaign, organisation, status and amount, newest first', async () => {
    const byReceipt = (await search(admin, { receiptNo: gifts.unit })).data!.searchDonations;
    expect(byReceipt.nextBefore).toBeNull();
    expect(byReceipt.donations).toHaveLength(1);
    expect(byReceipt.donations[0]).toMatchObject({ receiptNo: gifts.unit, amountFen: 12345, status: 'PAID' });
    const ofCixin = (await search(admin, { campaignId: cixin })).data!.searchDonations.donations.map(
      (d) => d.receiptNo,
    );
    expect(ofCixin).toEqual([gifts.pending, gifts.refunded, gifts.anonymous, gifts.unit]);
    const ofUnit = (await search(admin, { organizationId: unit })).data!.searchDonations.donations;
    expect(ofUnit.map((d) => d.receiptNo)).toEqual([gifts.unit]);
    const refunded = (await search(auditor, { status: ['REFUNDED'] })).data!.searchDonations.donations;
    expect(refunded.map((d) => d.receiptNo)).toEqual([gifts.refunded]);
    const mid = (await search(admin, { minAmountFen: 800, maxAmountFen: 2000 })).data!.searchDonations.donations;
    expect(mid.map((d) => d.receiptNo).sort()).toEqual([gifts.general, gifts.pending, gifts.refunded].sort());
    const anonymous = (await search(admin, { receiptNo: gifts.anonymous })).data!.searchDonations.donations[0];
    expect(anonymous.displayName).toBe('爱心人士');
    const future = (await search(admin, { from: new Date(Date.now() + 3600_000).toISOString() })).data!;
    expect(future.searchDonations.donations).toEqual([]);
  });

  it('pages without losing or repeating a gift', async () => {
    const all = (await search(admin, {}, 200)).data!.searchDonations.donations.map((d) => d.receiptNo);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const paged: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = (await search(admin, {}, 2, before)).data!.searchDonations;
      paged.push(...page.donations.map((d) => d.receiptNo));
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    expect(paged).toEqual(all);
  });

  it('names bad input and lets only the district admin and the auditor search', async () => {
    const inverted = await search(admin, { minAmountFen: 900, maxAmountFen: 100 });
    expect(inverted.errors![0]).toMatchObject({
      message: 'maxAmountFen: 最高金额 100 分低于最低金额 900 分',
      extensions: { code: 'BAD_USER_INPUT', field: 'maxAmountFen' },
    });
    expect(outcome(await search(admin, { campaignId: 'not-a-campaign' }))).toBe('BAD_USER_INPUT');
    expect(outcome(await search(admin, {}, 50, 'garbage'))).toBe('BAD_USER_INPUT');
    expect(outcome(await search(admin, {}, 500))).toBe('BAD_USER_INPUT');
    expect(outcome(await search(town, {}))).toBe('FORBIDDEN');
    expect(outcome(await t.gql('{ searchDonations(first: 5) { nextBefore } }'))).toBe('UNAUTHENTICATED');
  });

  it('exports the paid gifts as CSV: BOM, Chinese headings, the payment and the refund, formulas disarmed', async () => {
    const res = await download(`/exports/donations.csv?campaignId=${cixin}`, auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="donations-${cixin}.csv"`);
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '收据号,项目,单位,捐赠人,金额（元）,金额（分）,状态,支付时间（北京时间）,退款时间（北京时间）,微信支付订单号,公开账本序号',
    );
    // Oldest payment first (WeChat Pay's success_time has seconds: ties in any order); no unpaid order.
    const rows = new Map(lines.slice(1).map((l) => [l.split(',')[0], l]));
    expect([...rows.keys()].sort()).toEqual([gifts.unit, gifts.anonymous, gifts.refunded].sort());
    const paidAt = lines.slice(1).map((l) => l.split(',')[7]);
    expect(paidAt).toEqual([...paidAt].sort());
    expect(rows.get(gifts.unit)).toContain(",'=峄城区财政局,");
    expect(rows.get(gifts.unit)).toContain(',123.45,12345,已支付,');
    expect(rows.get(gifts.anonymous)).toContain(',爱心人士,5.00,500,已支付,');
    expect(rows.get(gifts.refunded)).toMatch(
      /,8\.00,800,已退款,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,/,
    );
  });

  it('exports the same as .xlsx that Excel opens', async () => {
    const res = await download('/exports/donations.xlsx', admin);
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('捐赠明细')!;
    const receipts = sheet.getColumn(1).values.slice(2) as string[];
    expect([...receipts].sort()).toEqual([gifts.unit, gifts.anonymous, gifts.general, gifts.refunded].sort());
    const row = sheet.getRow(2 + receipts.indexOf(gifts.unit));
    expect(row.getCell(3).value).toBe("'=峄城区财政局");
    expect(row.getCell(5).value).toBe(123.45);
    expect(row.getCell(6).value).toBe(12345);
    expect(row.getCell(11).value).toEqual(expect.any(Number));
  });

  it('takes a range of Beijing days and refuses what it cannot read, naming it', async () => {
    // Days around today, so that Beijing midnight during the run changes nothing.
    const day = (offset: number) =>
      new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const around = await download(`/exports/donations.csv?from=${day(-1)}&to=${day(1)}`, admin);
    expect(around.body.trim().split('\r\n')).toHaveLength(5);
    const none = await download(`/exports/donations.csv?from=${day(2)}`, admin);
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    const before = await download(`/exports/donations.csv?to=${day(-2)}`, admin);
    expect(before.body.trim().split('\r\n')).toHaveLength(1);
    const badDay = await download('/exports/donations.csv?from=2026-13-01', admin);
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await download('/exports/donations.pdf', admin)).json()).toMatchObject({ field: 'format' });
    const unknown = await download('/exports/donations.csv?campaignId=00000000-0000-4000-8000-000000000000', admin);
    expect(unknown.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
    expect((await download('/exports/donations.csv', town)).statusCode).toBe(403);
    expect((await download('/exports/donations.csv')).statusCode).toBe(401);
  });
});
