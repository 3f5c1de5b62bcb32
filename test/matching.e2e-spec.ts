import {
  bearer,
  createTestApp,
  donorLogin,
  loginAs,
  outcome,
  paidDonation,
  refundedDonation,
  startDonation,
  TestApp,
  waitFor,
  donationStatus,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

interface Pool {
  id: string;
  sponsorName: string;
  totalFen: number;
  perDonorCapFen: number;
  matchedFen: number;
  remainingFen: number;
  status: string;
}

/** 配捐: sponsors' pools match gifts 1:1 up to a per-donor cap and a total; refunds give it back. */
describe('matching funds', () => {
  let t: TestApp;
  let admin: string;

  async function newCampaign(slug: string): Promise<string> {
    const made = await t.gql<{ createCampaign: { id: string } }>(
      `mutation { createCampaign(input: { slug: "${slug}", kind: GENERAL, title: "配捐测试 ${slug}" }) { id } }`,
      {},
      bearer(admin),
    );
    const id = made.data!.createCampaign.id;
    await t.gql(`mutation { activateCampaign(campaignId: "${id}") { status } }`, {}, bearer(admin));
    return id;
  }
  const createPool = (input: Record<string, unknown>, token = admin) =>
    t.gql<{ createMatchPool: Pool }>(
      'mutation($i: CreateMatchPoolInput!) { createMatchPool(input: $i) { id sponsorName totalFen perDonorCapFen matchedFen remainingFen status } }',
      { i: input },
      bearer(token),
    );
  const pools = async (campaignId: string) =>
    (
      await t.gql<{ matchPools: Pool[] }>(
        `{ matchPools(campaignId: "${campaignId}") { id sponsorName totalFen perDonorCapFen matchedFen remainingFen status } }`,
      )
    ).data!.matchPools;
  const matchedOf = async (token: string, receiptNo: string) =>
    (
      await t.gql<{ donation: { matchedFen: number } }>(
        `{ donation(receiptNo: "${receiptNo}") { matchedFen } }`,
        {},
        bearer(token),
      )
    ).data!.donation.matchedFen;
  const entries = async (campaignId: string): Promise<{ kind: string; amount_fen: string; memo: string }[]> => {
    await t.integrateLedger();
    return t.app
      .get(DataSource)
      .query(
        "SELECT kind, amount_fen, memo FROM ledger_entry WHERE campaign_id = $1 AND kind IN ('MATCH', 'UNMATCH') ORDER BY seq",
        [campaignId],
      );
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    admin = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  it('refuses a pool that breaks a rule, naming it, and a pool pledged by anyone but a district admin', async () => {
    const campaignId = await newCampaign('match-rules');
    const base = { campaignId, sponsorName: '峄城农商银行', totalFen: 10000, perDonorCapFen: 2000 };
    const over = await createPool({ ...base, perDonorCapFen: 20000 });
    expect(outcome(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0].message).toContain('perDonorCapFen');
    expect(outcome(await createPool({ ...base, totalFen: 0 }))).toBe('BAD_USER_INPUT');
    expect(outcome(await createPool({ ...base, sponsorName: ' ' }))).toBe('BAD_USER_INPUT');
    expect(outcome(await createPool(base, await loginAs(t, 'demo-town')))).toBe('FORBIDDEN');
    expect(await pools(campaignId)).toEqual([]);
  });

  it('matches 1:1 from pools in pledge order, within the per-donor cap and the total; a refund un-matches', async () => {
    const campaignId = await newCampaign('match-flow');
    const a = (await createPool({ campaignId, sponsorName: '峄城农商银行', totalFen: 10000, perDonorCapFen: 3000 }))
      .data!.createMatchPool;
    const b = (await createPool({ campaignId, sponsorName: '榴园酒业', totalFen: 100000, perDonorCapFen: 100000 }))
      .data!.createMatchPool;
    const [x, y] = await Promise.all([donorLogin(t, 'oMatch-x'), donorLogin(t, 'oMatch-y')]);

    const x1 = await paidDonation(t, x.token, { campaignId, amountFen: 2000 });
    const x2 = await paidDonation(t, x.token, { campaignId, amountFen: 2000 });
    const y1 = await paidDonation(t, y.token, { campaignId, amountFen: 5000 });
    expect(await matchedOf(x.token, x1)).toBe(2000);
    expect(await matchedOf(x.token, x2)).toBe(2000); // 1000 from A (its cap for x), 1000 from B
    expect(await matchedOf(y.token, y1)).toBe(5000); // 3000 from A, 2000 from B
    const after = await pools(campaignId);
    expect(after.map((p) => [p.id, p.matchedFen, p.remainingFen])).toEqual([
      [a.id, 6000, 4000],
      [b.id, 3000, 97000],
    ]);
    const campaign = await t.gql<{ campaign: { raisedFen: number; matchedFen: number } }>(
      '{ campaign(slug: "match-flow") { raisedFen matchedFen } }',
    );
    expect(campaign.data!.campaign).toEqual({ raisedFen: 9000, matchedFen: 9000 });
    const matches = await entries(campaignId);
    expect(matches.map((e) => [e.kind, e.amount_fen])).toEqual([
      ['MATCH', '2000'],
      ['MATCH', '1000'],
      ['MATCH', '1000'],
      ['MATCH', '3000'],
      ['MATCH', '2000'],
    ]);
    expect(matches[1].memo).toContain(a.id);
    expect(matches[1].memo).toContain('峄城农商银行');
    expect(matches[2].memo).toContain(b.id);

    await refundedDonation(t, admin, x2);
    expect(await matchedOf(x.token, x2)).toBe(0);
    // A list answers each gift's own figures (its fields are loaded for the whole list at once).
    const mine = await t.gql<{ myDonations: { receiptNo: string; matchedFen: number; campaign: { slug: string } }[] }>(
      '{ myDonations { receiptNo matchedFen campaign { slug } } }',
      {},
      bearer(x.token),
    );
    expect(new Map(mine.data!.myDonations.map((d) => [d.receiptNo, [d.matchedFen, d.campaign.slug]]))).toEqual(
      new Map([
        [x1, [2000, 'match-flow']],
        [x2, [0, 'match-flow']],
      ]),
    );
    const unmatched = (await entries(campaignId)).filter((e) => e.kind === 'UNMATCH');
    expect(unmatched.map((e) => e.amount_fen).sort()).toEqual(['-1000', '-1000']);
    expect((await pools(campaignId)).map((p) => p.matchedFen)).toEqual([5000, 2000]);
    await t.integrateLedger();
    const balance: { total: string }[] = await t.app
      .get(DataSource)
      .query('SELECT sum(amount_fen) AS total FROM ledger_entry WHERE campaign_id = $1', [campaignId]);
    expect(Number(balance[0].total)).toBe(7000 + 7000);
  });

  it('never matches past a pool total, however many gifts are paid at the same moment', async () => {
    const campaignId = await newCampaign('match-race');
    await createPool({ campaignId, sponsorName: '某爱心企业', totalFen: 3000, perDonorCapFen: 3000 });
    const donors = await Promise.all([1, 2, 3, 4, 5].map((i) => donorLogin(t, `oMatch-race-${i}`)));
    const receipts = await Promise.all(donors.map((d) => startDonation(t, d.token, { campaignId, amountFen: 1000 })));
    await Promise.all(
      receipts.map((r) => fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${r}/pay`, { method: 'POST' })),
    );
    await waitFor('all PAID', async () =>
      (await Promise.all(receipts.map((r, i) => donationStatus(t, donors[i].token, r)))).every((s) => s === 'PAID'),
    );
    const matched = await Promise.all(receipts.map((r, i) => matchedOf(donors[i].token, r)));
    expect(matched.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(matched.filter((m) => m === 1000)).toHaveLength(3);
    expect((await pools(campaignId))[0]).toMatchObject({ matchedFen: 3000, remainingFen: 0 });
  });

  it('stops matching once the pool is closed; matches made stand', async () => {
    const campaignId = await newCampaign('match-close');
    const pool = (await createPool({ campaignId, sponsorName: '某爱心企业', totalFen: 50000, perDonorCapFen: 50000 }))
      .data!.createMatchPool;
    const d = await donorLogin(t, 'oMatch-close');
    const before = await paidDonation(t, d.token, { campaignId, amountFen: 1000 });
    const closed = await t.gql<{ closeMatchPool: { status: string } }>(
      `mutation { closeMatchPool(poolId: "${pool.id}") { status } }`,
      {},
      bearer(admin),
    );
    expect(closed.data!.closeMatchPool.status).toBe('CLOSED');
    const again = await t.gql(`mutation { closeMatchPool(poolId: "${pool.id}") { status } }`, {}, bearer(admin));
    expect(outcome(again)).toBe('INVALID_TRANSITION');
    const after = await paidDonation(t, d.token, { campaignId, amountFen: 1000 });
    expect([await matchedOf(d.token, before), await matchedOf(d.token, after)]).toEqual([1000, 0]);
  });
});
