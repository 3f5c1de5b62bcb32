import { verifyLedger } from '@shanchou/ledger-verifier';
import {
  bearer,
  campaignIdOf,
  createTestApp,
  donationStatus,
  donorLogin,
  startDonation,
  TestApp,
  waitFor,
} from '@shanchou/test';
import { DataSource } from 'typeorm';
import { expectOrdersAsWechat, ordersSettled, wechatOutage } from './wechat-orders';

/**
 * WeChat Pay unavailable for 90 s (the reproduction left orders PENDING for good): the
 * time-outs keep trying with a capped back-off, a checkout during the outage is refused with a
 * clear answer and leaves no open order, the payment made meanwhile is credited once when its
 * held notification arrives, and every order ends as WeChat has it.
 */
describe('WeChat Pay unavailable for 90 s', () => {
  let t: TestApp;
  let donor: string;
  const ds = () => t.app.get(DataSource);

  beforeAll(async () => {
    t = await createTestApp({
      demo: true,
      listen: true,
      env: {
        PAYMENT_WINDOW_SECONDS: '2',
        OUTBOX_LEASE_SECONDS: '5',
        JOB_BACKOFF_BASE_MS: '500',
        JOB_BACKOFF_CEILING_MS: '5000',
      },
      worker: { relayPollMs: 100 },
      wechatSim: { notifyRetryScale: 0.001 },
    });
    donor = (await donorLogin(t, 'oWechat-outage-01')).token;
  }, 60_000);
  afterAll(() => t?.close());

  it('ends every order as WeChat has it', async () => {
    const campaignId = await campaignIdOf(t, 'fupin-shanchou');
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) orders.push(await startDonation(t, donor, { campaignId, amountFen: 700 + i }));
    const began = Date.now();
    await wechatOutage(t, 90);
    const paid = orders[0];
    expect((await fetch(`${t.config.wechat.payBaseUrl}/_sim/transactions/${paid}/pay`, { method: 'POST' })).ok).toBe(
      true,
    );

    // A checkout now cannot get its WeChat order: refused, saying so, and no order left open.
    const refused = await t.gql(
      'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
      { input: { campaignId, amountFen: 800 } },
      bearer(donor),
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refused.errors?.[0]?.message).toMatch(/微信支付/);
    const open: unknown[] = await ds().query(`SELECT 1 FROM donation WHERE amount_fen = 800 AND status = 'PENDING'`);
    expect(open).toEqual([]);

    // The time-outs fail against the outage and keep trying; none is given up.
    await waitFor(
      'the time-outs to have failed a few times',
      async () => {
        const rows: { job_attempts: number }[] = await ds().query(
          `SELECT job_attempts FROM outbox_message WHERE job_key = ANY($1::text[])`,
          [orders.map((r) => `expire-donation.${r}`)],
        );
        return rows.length === 3 && rows.every((r) => r.job_attempts >= 3);
      },
      60_000,
    );
    for (const r of orders) expect(await donationStatus(t, donor, r)).toBe('PENDING');

    await ordersSettled(t, donor, orders, 150_000);
    // Nothing settled before WeChat was back.
    expect(Date.now() - began).toBeGreaterThanOrEqual(89_000);
    await expectOrdersAsWechat(
      t,
      donor,
      orders.map((receiptNo, i) => ({ receiptNo, amountFen: 700 + i, campaignId })),
      paid,
    );
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
