import { PaySimStore } from '@shanchou/wechat-sim';
import { WechatPayClient } from '@shanchou/wechatpay';
import {
  bearer,
  campaignIdOf,
  createDemoDatabase,
  createTestApp,
  deleteQueueKeys,
  freePort,
  TEST_REDIS_URL,
  TestApp,
  TestDatabase,
  waitFor,
} from '@shanchou/test';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { httpGql, ledgerSettled, PlatformProcess, ProcessEnv, sql, startApi, unfinishedRows } from './fault-processes';

const DONORS = 5;
/** Within the checkout limits: ten orders a minute per donor, thirty per address. */
const PER_DONOR = 6;
const PAYMENT_WINDOW_SECONDS = 10;

/**
 * The API is killed with -9 while WeChat Pay's notifications are being credited. WeChat (the
 * stand-in, in this test's process, as WeChat outlives our crash) retries what went unanswered;
 * the API started again on the same port credits each payment once.
 */
describe('the API killed with -9 mid-credit', () => {
  let database: TestDatabase;
  let dataDir: string;
  let wechat: TestApp;
  let port: number;
  let apiUrl: string;
  const prefix = `fault-${randomBytes(5).toString('hex')}`;
  const apis: PlatformProcess[] = [];

  beforeAll(async () => {
    database = await createDemoDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-api-killed-'));
    port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    // WeChat (OAuth and Pay), the job processors and the sequencer: another machine that survives the API's death.
    wechat = await createTestApp({
      database,
      listen: true,
      env: {
        REDIS_PREFIX: prefix,
        DATA_DIR: dataDir,
        RUN_JOBS: 'true',
        // It integrates the ledger too, as a worker does (test apps otherwise integrate by hand).
        LEDGER_MERGE_INTERVAL_MS: '200',
        PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS),
      },
      // WeChat's retries (15 s, 15 s, 30 s, 3 min, …) at a twentieth: 0.75 s, 0.75 s, 1.5 s, 9 s, …
      wechatSim: { notifyRetryScale: 0.05 },
    });
  });

  afterAll(async () => {
    for (const a of apis) await a.kill9();
    await wechat?.close();
    await database?.drop();
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function apiEnv(): ProcessEnv {
    const sim = `${wechat.baseUrl}/wechat-sim`;
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url ?? '',
      REDIS_URL: TEST_REDIS_URL ?? '',
      REDIS_PREFIX: prefix,
      RUN_JOBS: 'false',
      SEED_DEMO: 'false',
      DATA_DIR: dataDir,
      AUTH_TOKEN_SECRET: wechat.config.authTokenSecret ?? '',
      PUBLIC_BASE_URL: apiUrl,
      WECHATPAY_BASE_URL: sim,
      WECHAT_OAUTH_BASE_URL: sim,
      WECHAT_API_BASE_URL: sim,
      PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS),
      RATE_LIMIT_PER_MINUTE: '100000',
    };
  }

  /** A donor signs in through WeChat OAuth (the stand-in) at the spawned API. */
  async function donorToken(openid: string): Promise<string> {
    const url = new URL(`${wechat.baseUrl}/wechat-sim/connect/oauth2/authorize`);
    url.search = new URLSearchParams({
      appid: wechat.config.wechat.appId,
      redirect_uri: `${apiUrl}/h5/`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 's',
      openid,
    }).toString();
    const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '').searchParams.get(
      'code',
    );
    const res = await httpGql<{ wechatLogin: { token: string } }>(
      apiUrl,
      'mutation($c: String!) { wechatLogin(code: $c) { token } }',
      { c: code },
    );
    if (!res.data?.wechatLogin) throw new Error(`wechatLogin: ${JSON.stringify(res.errors)}`);
    return res.data.wechatLogin.token;
  }

  async function campaign(): Promise<{ raisedFen: number; donationCount: number }> {
    const res = await httpGql<{ campaign: { raisedFen: number; donationCount: number } }>(
      apiUrl,
      '{ campaign(slug: "fupin-shanchou") { raisedFen donationCount } }',
    );
    return res.data!.campaign;
  }

  it('credits every payment WeChat has exactly once, loses no job, and the ledger verifies', async () => {
    apis.push(await startApi('api', port, apiEnv()));
    const campaignId = await campaignIdOf(wechat, 'fupin-shanchou');
    const before = await campaign();

    const orders: { receiptNo: string; amountFen: number }[] = [];
    for (let d = 0; d < DONORS; d++) {
      const token = await donorToken(`oFaultApi-donor-${d}`);
      for (let i = 0; i < PER_DONOR; i++) {
        const amountFen = 1000 + d * 100 + i;
        const res = await httpGql<{ createDonation: { donation: { receiptNo: string } } }>(
          apiUrl,
          'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
          { input: { campaignId, amountFen } },
          bearer(token),
        );
        if (!res.data?.createDonation) throw new Error(`createDonation: ${JSON.stringify(res.errors)}`);
        orders.push({ receiptNo: res.data.createDonation.donation.receiptNo, amountFen });
      }
    }
    const receipts = orders.map((o) => o.receiptNo);

    // Everyone pays at once; the API is killed as soon as some credits are in and others not.
    const watch = new Client({ connectionString: database.url });
    await watch.connect();
    let paidAtKill = -1;
    try {
      const paying = receipts.map((r) =>
        fetch(`${wechat.baseUrl}/wechat-sim/_sim/transactions/${r}/pay`, { method: 'POST' }),
      );
      await waitFor(
        'some payments credited and some not',
        async () => {
          const { rows } = await watch.query<{ n: string }>(
            `SELECT count(*) AS n FROM donation WHERE receipt_no = ANY($1) AND status = 'PAID'`,
            [receipts],
          );
          paidAtKill = Number(rows[0].n);
          if (paidAtKill === receipts.length)
            throw new Error('every payment was credited before the API could be killed');
          return paidAtKill > 0;
        },
        30_000,
      );
      await apis[0].kill9();
      await Promise.all(paying);
    } finally {
      await watch.end();
    }

    // Started again on the same port: WeChat's retries reach it.
    apis.push(await startApi('api (restarted)', port, apiEnv()));
    const store = wechat.app.get(PaySimStore);
    const ours = () => store.notifications.filter((n) => receipts.includes(n.outTradeNo));
    await waitFor(
      'WeChat to have every notification answered',
      () => ours().length === receipts.length && ours().every((n) => n.delivered),
      60_000,
    );
    await waitFor(
      'every outbox row to be completed',
      async () => (await unfinishedRows(database.url!)).length === 0,
      PAYMENT_WINDOW_SECONDS * 1000 + 30_000,
    );

    // Each payment WeChat has is PAID here, once.
    const wechatPay = wechat.app.get(WechatPayClient);
    const here = new Map(
      (
        await sql<{ receipt_no: string; status: string }>(
          database.url!,
          'SELECT receipt_no, status FROM donation WHERE receipt_no = ANY($1)',
          [receipts],
        )
      ).map((d) => [d.receipt_no, d.status]),
    );
    const mismatches: string[] = [];
    for (const receiptNo of receipts) {
      const remote = (await wechatPay.query(receiptNo)).trade_state;
      if (remote !== 'SUCCESS' || here.get(receiptNo) !== 'PAID')
        mismatches.push(`${receiptNo}: WeChat ${remote}, here ${here.get(receiptNo)}`);
    }
    expect(mismatches).toEqual([]);
    await ledgerSettled(database.url!);
    const entries = await sql<{ memo: string }>(database.url!, `SELECT memo FROM ledger_entry WHERE kind = 'DONATION'`);
    const perReceipt = receipts.map((r) => entries.filter((e) => e.memo.endsWith(` ${r}`)).length);
    expect(perReceipt.filter((n) => n !== 1)).toEqual([]);
    const sum = orders.reduce((s, o) => s + o.amountFen, 0);
    expect(await campaign()).toEqual({
      raisedFen: before.raisedFen + sum,
      donationCount: before.donationCount + receipts.length,
    });

    // No job lost: every outbox row that fell due completed, none parked.
    expect(await unfinishedRows(database.url!)).toEqual([]);

    // ledger:verify against the restarted API.
    const verify = spawnSync(
      process.execPath,
      [path.resolve(__dirname, '../../dist/apps/ledger-verifier/src/main.js'), '--url', apiUrl],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: verify.status, output: `${verify.stdout}${verify.stderr}` }).toMatchObject({ status: 0 });

    const retried = ours().filter((n) => n.deliveries.length > 1).length;
    process.stdout.write(
      `API killed with ${paidAtKill} of ${receipts.length} credited; ${retried} notifications needed a retry\n`,
    );
    expect(retried).toBeGreaterThan(0);
  }, 120_000);
});
