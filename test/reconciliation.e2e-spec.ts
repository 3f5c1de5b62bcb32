import { JobQueue, nextDailyFire, QueueName } from '@shanchou/core';
import {
  businessDateOf,
  RECONCILE_DAILY_SCHEDULE,
  RECONCILE_JOB,
  reconcileJobId,
  ReconciliationService,
} from '@shanchou/donations';
import { Role, StaffService } from '@shanchou/identity';
import { bearer, createTestApp, donorLogin, loginAs, outcome, TestApp, waitFor } from '@shanchou/test';
import { DataSource } from 'typeorm';

interface Difference {
  kind: string;
  outTradeNo: string;
  outRefundNo: string | null;
  transactionId: string | null;
  ourAmountFen: number | null;
  billAmountFen: number | null;
  note: string;
}
interface Report {
  date: string;
  status: string;
  reason: string | null;
  billSha1: string | null;
  ourPaymentCount: number;
  ourPaymentFen: number;
  ourRefundCount: number;
  ourRefundFen: number;
  billPaymentCount: number | null;
  billPaymentFen: number | null;
  billRefundCount: number | null;
  billRefundFen: number | null;
  differenceCount: number;
  startedAt: string;
  finishedAt: string;
  differences: Difference[];
}

const REPORT = `date status reason billSha1 ourPaymentCount ourPaymentFen ourRefundCount ourRefundFen
  billPaymentCount billPaymentFen billRefundCount billRefundFen differenceCount startedAt finishedAt
  differences { kind outTradeNo outRefundNo transactionId ourAmountFen billAmountFen note }`;

/**
 * 对账 end to end: donations paid and refunded through the stand-in, differences seeded in the
 * stand-in's bill, the day reconciled and read back as the district's staff would.
 */
describe('daily reconciliation with WeChat Pay’s trade bill', () => {
  let t: TestApp;
  let donor: string;
  let admin: string;
  let auditor: string;
  let town: string;
  let campaignId: string;
  /** The business day the test's payments fall on. */
  let today: string;
  const gift: Record<'a' | 'b' | 'c' | 'lacking', string> = { a: '', b: '', c: '', lacking: '' };

  const sim = async (path: string, body: object) => {
    const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  const run = (date: string, token = admin) =>
    t.gql<{ runReconciliation: Report }>(
      `mutation($d: String!) { runReconciliation(date: $d) { ${REPORT} } }`,
      { d: date },
      bearer(token),
    );
  const report = (date: string, token = admin) =>
    t.gql<{ reconciliationReport: Report | null }>(
      `query($d: String!) { reconciliationReport(date: $d) { ${REPORT} } }`,
      { d: date },
      bearer(token),
    );
  const status = async (receiptNo: string) =>
    (
      await t.gql<{ donation: { status: string } }>(
        `{ donation(receiptNo: "${receiptNo}") { status } }`,
        {},
        bearer(donor),
      )
    ).data!.donation.status;
  async function transactionId(receiptNo: string): Promise<string> {
    const rows = await t.app
      .get(DataSource)
      .query<{ transaction_id: string }[]>('SELECT transaction_id FROM donation WHERE receipt_no = $1', [receiptNo]);
    return rows[0].transaction_id;
  }
  const byKind = (differences: Difference[]) => [...differences].sort((x, y) => x.kind.localeCompare(y.kind));

  async function paidDonation(amountFen: number): Promise<string> {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: ${amountFen} }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    const { receiptNo } = res.data!.createDonation.donation;
    await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    await waitFor(`${receiptNo} PAID`, async () => (await status(receiptNo)) === 'PAID');
    return receiptNo;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    await t.app.get(StaffService).provision([
      {
        username: 'auditor-r',
        displayName: '审计',
        role: Role.AUDITOR,
        regionCode: '370404',
        password: 'audit-2026',
      },
    ]);
    donor = (await donorLogin(t, 'oRecon-donor-01')).token;
    admin = await loginAs(t, 'demo-district');
    auditor = await loginAs(t, 'auditor-r', 'audit-2026');
    town = await loginAs(t, 'demo-town');
    campaignId = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!
      .campaign.id;
    // WeChat Pay never bills a day before it has ended; the stand-in does when asked, so a test can use today.
    await sim('bill/settings', { serve_today: true });
  });
  afterAll(() => t.close());

  it('finds no difference on a day whose payments and refund all reached the bill', async () => {
    gift.a = await paidDonation(5000);
    gift.b = await paidDonation(1200);
    gift.c = await paidDonation(300);
    const refund = await t.gql(
      `mutation { refundDonation(receiptNo: "${gift.c}", reason: "捐赠人申请退回") { status } }`,
      {},
      bearer(admin),
    );
    expect(outcome(refund)).toBe('OK');
    await waitFor('the refund', async () => (await status(gift.c)) === 'REFUNDED');
    const paidAt: { paid_at: Date }[] = await t.app
      .get(DataSource)
      .query('SELECT paid_at FROM donation WHERE receipt_no = $1', [gift.a]);
    today = businessDateOf(new Date(paidAt[0].paid_at));

    const res = await run(today);
    expect(outcome(res)).toBe('OK');
    expect(res.data!.runReconciliation).toMatchObject({
      date: today,
      status: 'BALANCED',
      reason: null,
      billSha1: expect.stringMatching(/^[0-9a-f]{40}$/) as unknown,
      ourPaymentCount: 3,
      ourPaymentFen: 6500,
      ourRefundCount: 1,
      ourRefundFen: 300,
      billPaymentCount: 3,
      billPaymentFen: 6500,
      billRefundCount: 1,
      billRefundFen: 300,
      differenceCount: 0,
      differences: [],
    });
    expect((await report(today)).data!.reconciliationReport).toEqual(res.data!.runReconciliation);
  });

  it('lists exactly the differences seeded in the bill: an extra payment, an altered amount, a missing row, a refund we never had', async () => {
    gift.lacking = await paidDonation(800);
    await sim('bill/rows', {
      out_trade_no: 'SC-STRANGER-0001',
      amount_fen: 999,
      transaction_id: '4200000000000000000001',
    });
    await sim('bill/adjust', { out_trade_no: gift.a, amount_fen: 4999 });
    await sim('bill/adjust', { out_trade_no: gift.lacking, drop: true });
    await sim('bill/rows', {
      out_trade_no: gift.b,
      out_refund_no: `R${gift.b}`,
      amount_fen: 1200,
      transaction_id: await transactionId(gift.b),
    });

    const res = await run(today);
    expect(outcome(res)).toBe('OK');
    const result = res.data!.runReconciliation;
    expect(result).toMatchObject({
      status: 'DIFFERENCES',
      ourPaymentCount: 4,
      ourPaymentFen: 7300,
      ourRefundCount: 1,
      ourRefundFen: 300,
      billPaymentCount: 4,
      billPaymentFen: 4999 + 1200 + 300 + 999,
      billRefundCount: 2,
      billRefundFen: 1500,
      differenceCount: 4,
    });
    expect(byKind(result.differences)).toEqual([
      {
        kind: 'AMOUNT_MISMATCH',
        outTradeNo: gift.a,
        outRefundNo: null,
        transactionId: await transactionId(gift.a),
        ourAmountFen: 5000,
        billAmountFen: 4999,
        note: 'the paid amounts differ',
      },
      {
        kind: 'MISSING_AT_WECHAT',
        outTradeNo: gift.lacking,
        outRefundNo: null,
        transactionId: await transactionId(gift.lacking),
        ourAmountFen: 800,
        billAmountFen: null,
        note: 'paid here that day; not in the bill',
      },
      {
        kind: 'MISSING_HERE',
        outTradeNo: 'SC-STRANGER-0001',
        outRefundNo: null,
        transactionId: '4200000000000000000001',
        ourAmountFen: null,
        billAmountFen: 999,
        note: 'a payment we have no record of',
      },
      {
        kind: 'STATUS_MISMATCH',
        outTradeNo: gift.b,
        outRefundNo: `R${gift.b}`,
        transactionId: await transactionId(gift.b),
        ourAmountFen: 1200,
        billAmountFen: 1200,
        note: 'refunded at WeChat Pay; here PAID',
      },
    ]);
    // The auditor reads the same report; the day has one run, replaced, not a second.
    const read = await report(today, auditor);
    expect(outcome(read)).toBe('OK');
    expect(read.data!.reconciliationReport).toEqual(result);
    const runs: { n: string | number }[] = await t.app
      .get(DataSource)
      .query('SELECT count(*) AS n FROM reconciliation_run WHERE business_date = $1', [today]);
    expect(Number(runs[0].n)).toBe(1);
  });

  it('fails a run whose download does not match the signed SHA-1: the reason, no differences, retried by the job', async () => {
    await sim('bill/settings', { corrupt_downloads: true });
    const res = await run(today);
    expect(outcome(res)).toBe('OK');
    const failed = res.data!.runReconciliation;
    expect(failed).toMatchObject({
      status: 'FAILED',
      billSha1: null,
      billPaymentCount: null,
      billPaymentFen: null,
      ourPaymentCount: 4,
      differenceCount: 0,
      differences: [],
    });
    expect(failed.reason).toMatch(
      /^SHA-1 mismatch: the downloaded bill hashes to [0-9a-f]{40}, WeChat Pay signed [0-9a-f]{40}/,
    );
    const stored: { n: string | number }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT count(*) AS n FROM reconciliation_difference d JOIN reconciliation_run r ON r.id = d.run_id WHERE r.business_date = $1',
        [today],
      );
    expect(Number(stored[0].n)).toBe(0);
    // The job stores the same FAILED run and fails, so the queue tries again after its back-off (here: once only).
    const queue = t.app.get(JobQueue);
    await queue.add(QueueName.DONATIONS, RECONCILE_JOB, { date: today }, { jobId: `probe-${today}`, attempts: 1 });
    expect(await queue.settled(QueueName.DONATIONS, `probe-${today}`)).toBe('failed');
    expect(JSON.stringify(t.logs)).toContain(`reconciliation of ${today} failed: SHA-1 mismatch`);

    await sim('bill/settings', { corrupt_downloads: false });
    const again = await run(today);
    expect(again.data!.runReconciliation).toMatchObject({ status: 'DIFFERENCES', differenceCount: 4, reason: null });
  });

  it('balances a day WeChat Pay has no statement for, when we have no trades either', async () => {
    const quiet = businessDateOf(new Date(Date.now() - 9 * 86400_000));
    const res = await run(quiet);
    expect(res.data!.runReconciliation).toMatchObject({
      date: quiet,
      status: 'BALANCED',
      billSha1: null,
      ourPaymentCount: 0,
      billPaymentCount: 0,
      billRefundCount: 0,
      differences: [],
    });
  });

  it('runs every day at 10:30 Asia/Shanghai: the previous day and days never reconciled, each under reconcile.YYYY-MM-DD', async () => {
    const queue = t.app.get(JobQueue);
    expect(await queue.nextRun(QueueName.DONATIONS, 'donations.reconcile-daily')).toEqual(
      nextDailyFire(RECONCILE_DAILY_SCHEDULE, new Date()),
    );
    await sim('bill/adjust', { out_trade_no: gift.a, amount_fen: 5000 });
    // Seen from tomorrow, the previous business day is today; the six days before it were never reconciled.
    const dates = await t.app.get(ReconciliationService).enqueueDaily(new Date(Date.now() + 86400_000));
    const week = [6, 5, 4, 3, 2, 1, 0].map((back) =>
      businessDateOf(new Date(Date.parse(`${today}T12:00:00+08:00`) - back * 86400_000)),
    );
    expect(dates).toEqual(week);
    for (const date of dates) expect(await queue.settled(QueueName.DONATIONS, reconcileJobId(date))).toBe('completed');
    expect((await report(week[0])).data!.reconciliationReport).toMatchObject({
      status: 'BALANCED',
      ourPaymentCount: 0,
    });
    // Fired again, it looks back only for days still without a run: none now.
    expect(await t.app.get(ReconciliationService).enqueueDaily(new Date(Date.now() + 86400_000))).toEqual([today]);
    const read = (await report(today)).data!.reconciliationReport!;
    expect(read.differenceCount).toBe(3);
    expect(read.differences.map((d) => d.kind).sort()).toEqual([
      'MISSING_AT_WECHAT',
      'MISSING_HERE',
      'STATUS_MISMATCH',
    ]);
  });

  it('records who ran a reconciliation in the audit log', async () => {
    const res = await t.gql<{ auditLog: { entries: { action: string; actorUsername: string; summary: unknown }[] } }>(
      '{ auditLog(filter: { action: "reconciliation.run" }, first: 50) { entries { action actorUsername summary } } }',
      {},
      bearer(admin),
    );
    const entries = res.data!.auditLog.entries;
    expect(entries.length).toBe(5);
    expect(entries[0]).toEqual({
      action: 'reconciliation.run',
      actorUsername: 'demo-district',
      summary: { date: expect.any(String) as unknown },
    });
  });

  it('is read by district admins and auditors and run by district admins only', async () => {
    const donorToken = donor;
    for (const [token, readOutcome, runOutcome] of [
      [admin, 'OK', 'OK'],
      [auditor, 'OK', 'FORBIDDEN'],
      [town, 'FORBIDDEN', 'FORBIDDEN'],
      [donorToken, 'FORBIDDEN', 'FORBIDDEN'],
    ]) {
      expect([outcome(await report(today, token)), outcome(await run(today, token))]).toEqual([
        readOutcome,
        runOutcome,
      ]);
    }
    const anonymous = await t.gql(`{ reconciliationReport(date: "${today}") { status } }`);
    expect(outcome(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('refuses a date that is not a calendar day, or has not come yet, naming the field', async () => {
    for (const date of ['2026-13-01', '2026-02-30', 'yesterday', '2026-1-5', '']) {
      for (const res of [await run(date), await report(date)]) {
        expect(outcome(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('date');
      }
    }
    const tomorrow = businessDateOf(new Date(Date.now() + 86400_000));
    const ahead = await run(tomorrow);
    expect(outcome(ahead)).toBe('BAD_USER_INPUT');
    expect(ahead.errors![0].message).toBe(`date: ${tomorrow} 还没有到（按北京时间）`);
    expect((await report(tomorrow)).data!.reconciliationReport).toBeNull();
  });
});
