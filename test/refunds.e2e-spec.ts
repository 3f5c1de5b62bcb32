import { bearer, createTestApp, donorLogin, loginAs, outcome, TestApp, waitFor } from '@shanchou/test';
import { DataSource } from 'typeorm';

describe('refunds', () => {
  let t: TestApp;
  let donor: string;
  let admin: string;
  let campaignId: string;

  const donation = async (receiptNo: string) =>
    (
      await t.gql<{ donation: { status: string } }>(
        `{ donation(receiptNo: "${receiptNo}") { status } }`,
        {},
        bearer(donor),
      )
    ).data!.donation.status;
  const totals = async () =>
    (
      await t.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
        '{ campaign(slug: "fupin-shanchou") { raisedFen donationCount } }',
      )
    ).data!.campaign;
  const refund = (receiptNo: string) =>
    t.gql<{ refundDonation: { status: string } }>(
      `mutation { refundDonation(receiptNo: "${receiptNo}", reason: "重复捐赠") { status } }`,
      {},
      bearer(admin),
    );

  async function paidDonation(amountFen: number): Promise<string> {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: ${amountFen} }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    const { receiptNo } = res.data!.createDonation.donation;
    await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    await waitFor('PAID', async () => (await donation(receiptNo)) === 'PAID');
    return receiptNo;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    donor = (await donorLogin(t, 'oRefund-donor-01')).token;
    admin = await loginAs(t, 'demo-district');
    campaignId = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!
      .campaign.id;
  });
  afterAll(() => t.close());

  it('refunds a paid gift: REFUNDING, then REFUNDED with totals reduced and a REFUND entry; a retry refunds nothing more', async () => {
    const receiptNo = await paidDonation(4200);
    const before = await totals();
    const first = await refund(receiptNo);
    expect(['REFUNDING', 'REFUNDED']).toContain(first.data!.refundDonation.status);
    const retry = await refund(receiptNo);
    expect(outcome(retry) === 'OK' || outcome(retry) === 'INVALID_TRANSITION').toBe(true);
    await waitFor('REFUNDED', async () => (await donation(receiptNo)) === 'REFUNDED');
    expect(await totals()).toEqual({ raisedFen: before.raisedFen - 4200, donationCount: before.donationCount - 1 });
    const refunds = (await (await fetch(`${t.baseUrl}/wechat-sim/_sim/refunds?out_trade_no=${receiptNo}`)).json()) as {
      out_refund_no: string;
    }[];
    expect(refunds.map((r) => r.out_refund_no)).toEqual([`R${receiptNo}`]);
    const entries: { amount_fen: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT amount_fen FROM ledger_entry WHERE kind = 'REFUND' AND memo = $1`, [`退款 ${receiptNo}`]);
    expect(entries).toEqual([{ amount_fen: '-4200' }]);
    const afterDone = await refund(receiptNo);
    expect(outcome(afterDone)).toBe('INVALID_TRANSITION');
  });

  it('refuses to refund what was never paid, and refunds are for district admins', async () => {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: 300 }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    expect(outcome(await refund(res.data!.createDonation.donation.receiptNo))).toBe('INVALID_TRANSITION');
    const town = await loginAs(t, 'demo-town');
    const denied = await t.gql(
      'mutation { refundDonation(receiptNo: "SC2026112800000000000000", reason: "x") { status } }',
      {},
      bearer(town),
    );
    expect(outcome(denied)).toBe('FORBIDDEN');
  });
});
