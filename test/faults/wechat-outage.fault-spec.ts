import { verifyLedger } from '@shanchou/ledger-verifier';
import { WechatPayClient } from '@shanchou/wechatpay';
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

  async function outage(seconds: number): Promise<void> {
    const res = await fetch(`${t.config.wechat.payBaseUrl}/_sim/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds }),
    });
    expect(res.ok).toBe(true);
  }

  it('ends every order as WeChat has it', async () => {
    const campaignId = await campaignIdOf(t, 'fupin-shanchou');
    const orders: string[] = [];
    for (let i = 0; i < 3; i++) orders.push(await startDonation(t, donor, { campaignId, amountFen: 700 + i }));
    const began = Date.now();
    await outage(90);
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

    await waitFor(
      'every order settled after the outage',
      async () => {
        const states = await Promise.all(orders.map((r) => donationStatus(t, donor, r)));
        return states.every((s) => s === 'PAID' || s === 'CLOSED');
      },
      150_000,
    );
    // Nothing settled before WeChat was back.
    expect(Date.now() - began).toBeGreaterThanOrEqual(89_000);

    const wechat = t.app.get(WechatPayClient);
    for (const receiptNo of orders) {
      const remote = await wechat.query(receiptNo);
      const local = await donationStatus(t, donor, receiptNo);
      expect([receiptNo, local, remote.trade_state]).toEqual(
        receiptNo === paid ? [receiptNo, 'PAID', 'SUCCESS'] : [receiptNo, 'CLOSED', 'CLOSED'],
      );
    }
    const entries: { n: string | number }[] = await ds().query(
      `SELECT count(*) AS n FROM ledger_entry WHERE kind = 'DONATION' AND campaign_id = $1 AND amount_fen = 700`,
      [campaignId],
    );
    expect(Number(entries[0].n)).toBe(1);
    await waitFor('no job open or dead for the orders', async () => {
      const rows: { done: boolean }[] = await ds().query(
        `SELECT (completed_at IS NOT NULL AND dead_at IS NULL) AS done FROM outbox_message WHERE job_key = ANY($1::text[])`,
        [orders.map((r) => `expire-donation.${r}`)],
      );
      return rows.length === 3 && rows.every((r) => r.done);
    });
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
  }, 240_000);
});
