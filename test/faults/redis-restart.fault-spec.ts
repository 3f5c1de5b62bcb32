import { JobQueue } from '@shanchou/core';
import { verifyLedger } from '@shanchou/ledger-verifier';
import { SCHEDULES } from '@shanchou/worker';
import { campaignIdOf, createTestApp, donorLogin, OwnRedis, startDonation, TestApp, waitFor } from '@shanchou/test';
import { DataSource } from 'typeorm';
import { expectOrdersAsWechat, ordersSettled, wechatOutage } from './wechat-orders';

/**
 * Redis restarted without persistence while order time-outs were retrying through a WeChat Pay
 * outage (the reproduction): the outbox still holds every job, so the relay hands them
 * over again, the repeating schedules come back without a worker restart, and every order ends
 * as WeChat has it.
 */
describe('Redis restarted mid-flow (SHUTDOWN NOSAVE)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let donor: string;
  const ds = () => t.app.get(DataSource);

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createTestApp({
      demo: true,
      listen: true,
      env: {
        REDIS_URL: redis.url,
        RUN_JOBS: 'true',
        PAYMENT_WINDOW_SECONDS: '2',
        OUTBOX_LEASE_SECONDS: '2',
        SCHEDULES_REDECLARE_SECONDS: '1',
        JOB_BACKOFF_BASE_MS: '200',
        JOB_BACKOFF_CEILING_MS: '1000',
      },
      worker: { relayPollMs: 100 },
      wechatSim: { notifyRetryScale: 0.001 },
    });
    donor = (await donorLogin(t, 'oRedis-restart-01')).token;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  async function expiryRows(receiptNos: string[]) {
    const rows: { job_key: string; job_attempts: number; completed_at: Date | null; dead_at: Date | null }[] =
      await ds().query(
        `SELECT job_key, job_attempts, completed_at, dead_at FROM outbox_message WHERE job_key = ANY($1::text[])`,
        [receiptNos.map((r) => `expire-donation.${r}`)],
      );
    return rows;
  }

  it('closes or credits every order as WeChat has it, and gets its schedules back', async () => {
    const queue = t.app.get(JobQueue);
    const campaignId = await campaignIdOf(t, 'fupin-shanchou');
    const orders: string[] = [];
    for (let i = 0; i < 4; i++) orders.push(await startDonation(t, donor, { campaignId, amountFen: 500 + i }));
    for (const s of SCHEDULES) expect(await queue.nextRun(s.queue, s.scheduleId)).not.toBeNull();

    // WeChat Pay goes down; one donor still pays (WeChat holds that notification). The time-outs
    // come due and keep failing against the outage.
    await wechatOutage(t, 600);
    const paid = orders[0];
    expect((await fetch(`${t.config.wechat.payBaseUrl}/_sim/transactions/${paid}/pay`, { method: 'POST' })).ok).toBe(
      true,
    );
    await waitFor(
      'every time-out to be retrying',
      async () => {
        const rows = await expiryRows(orders);
        return rows.length === 4 && rows.every((r) => r.job_attempts >= 1);
      },
      30_000,
    );

    await redis.shutdownNoSave();
    await redis.up();
    expect(await redis.keys('*')).toEqual([]);

    // The schedules are declared again by the running worker, no restart.
    await waitFor(
      'the repeating schedules back',
      async () => {
        for (const s of SCHEDULES)
          if ((await queue.nextRun(s.queue, s.scheduleId).catch(() => null)) === null) return false;
        return true;
      },
      30_000,
    );

    await wechatOutage(t, 0);
    await ordersSettled(t, donor, orders, 60_000);
    await expectOrdersAsWechat(
      t,
      donor,
      orders.map((receiptNo, i) => ({ receiptNo, amountFen: 500 + i, campaignId })),
      paid,
    );
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 180_000);
});
