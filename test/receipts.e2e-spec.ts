import { bearer, createTestApp, donorLogin, outcome, TestApp, waitFor } from '@shanchou/test';

describe('receipts and yearly statements', () => {
  let t: TestApp;
  let donor: string;
  let campaignId: string;

  async function start(amountFen: number, anonymous = false): Promise<string> {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: ${amountFen}, anonymous: ${anonymous} }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    return res.data!.createDonation.donation.receiptNo;
  }
  async function paid(amountFen: number, anonymous = false): Promise<string> {
    const receiptNo = await start(amountFen, anonymous);
    await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    await waitFor('PAID', async () => {
      const d = await t.gql<{ donation: { status: string } }>(
        `{ donation(receiptNo: "${receiptNo}") { status } }`,
        {},
        bearer(donor),
      );
      return d.data?.donation.status === 'PAID';
    });
    return receiptNo;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    donor = (await donorLogin(t, 'oReceipt-donor-01')).token;
    campaignId = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "cixin-yiri-juan-2026") { id } }')).data!
      .campaign.id;
  });
  afterAll(() => t.close());

  it('gives a paid gift its 电子捐赠证书 with the ledger entry to check it against', async () => {
    const receiptNo = await paid(5000, true);
    const view = () =>
      t.gql<{ donationReceipt: Record<string, unknown> }>(
        `{ donationReceipt(receiptNo: "${receiptNo}") { receiptNo donor amountFen amountYuan campaignTitle paidAt ledgerSeq verifyUrl } }`,
        {},
        bearer(donor),
      );
    // Paid, not yet integrated: the certificate is there, its ledger entry 正在入账.
    const early = await view();
    expect(early.errors).toBeUndefined();
    expect(early.data!.donationReceipt).toMatchObject({ receiptNo, amountFen: 5000, ledgerSeq: null, verifyUrl: null });
    await t.integrateLedger();
    const receipt = (await view()).data!.donationReceipt;
    expect(receipt.ledgerSeq).toEqual(expect.any(Number));
    expect(receipt).toMatchObject({
      receiptNo,
      donor: '爱心人士',
      amountFen: 5000,
      amountYuan: '50.00',
      campaignTitle: '2026年慈心一日捐',
    });
    expect(receipt.verifyUrl).toBe(`${t.baseUrl}/h5/ledger/verify?seq=${String(receipt.ledgerSeq)}`);
    const other = (await donorLogin(t, 'oReceipt-donor-02')).token;
    expect(
      outcome(await t.gql(`{ donationReceipt(receiptNo: "${receiptNo}") { receiptNo } }`, {}, bearer(other))),
    ).toBe('NOT_FOUND');
  });

  it('has no certificate for an unpaid gift', async () => {
    const receiptNo = await start(700);
    expect(
      outcome(await t.gql(`{ donationReceipt(receiptNo: "${receiptNo}") { receiptNo } }`, {}, bearer(donor))),
    ).toBe('INVALID_TRANSITION');
  });

  it('sums the year’s paid gifts, and only those', async () => {
    await paid(1200);
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const res = await t.gql<{
      myYearlyStatement: { year: number; totalFen: number; gifts: number; donations: { status: string }[] };
    }>(`{ myYearlyStatement(year: ${year}) { year totalFen gifts donations { status } } }`, {}, bearer(donor));
    expect(res.data!.myYearlyStatement).toMatchObject({ year, totalFen: 6200, gifts: 2 });
    expect(res.data!.myYearlyStatement.donations.every((d) => d.status === 'PAID')).toBe(true);
    const lastYear = await t.gql<{ myYearlyStatement: { gifts: number } }>(
      `{ myYearlyStatement(year: ${year - 1}) { gifts } }`,
      {},
      bearer(donor),
    );
    expect(lastYear.data!.myYearlyStatement.gifts).toBe(0);
  });
});
