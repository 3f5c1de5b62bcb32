import { SimTemplateMessage } from '@shanchou/wechat-sim';
import { WechatPayClient } from '@shanchou/wechatpay';
import { verifyLedger } from '@shanchou/ledger-verifier';
import {
  bearer,
  campaignIdOf,
  createDemoDatabase,
  createEvent,
  createTestApp,
  deleteQueueKeys,
  donorLogin,
  loginAs,
  newVolunteer,
  shanghaiAt,
  signUp,
  startDonation,
  TEST_REDIS_URL,
  TestApp,
  TestDatabase,
  TestVolunteer,
  waitFor,
} from '@shanchou/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import IORedis from 'ioredis';
import {
  ledgerSettled,
  notYetDue,
  outboxRows,
  PlatformProcess,
  ProcessEnv,
  sql,
  unfinishedRows,
} from './fault-processes';

const VILLAGE = '370404001003';
const VOLUNTEERS = 12;
/** Within the checkout limits: ten orders a minute per donor, thirty per address. */
const ORDERS = 27;

/**
 * The worker is killed with -9 while it holds jobs: order time-outs (query WeChat Pay, credit or
 * close) and notices to volunteers (template messages). A second worker takes the work over once
 * the dead one's locks run out (JOB_LOCK_SECONDS), and nothing is lost or done twice.
 */
describe('the worker killed with -9 mid-job', () => {
  let database: TestDatabase;
  let dataDir: string;
  let api: TestApp;
  const prefix = `fault-${randomBytes(5).toString('hex')}`;
  const workers: PlatformProcess[] = [];

  beforeAll(async () => {
    database = await createDemoDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-worker-killed-'));
    // The API (and the WeChat stand-in under it) in this process; it runs no jobs: the worker does.
    api = await createTestApp({
      database,
      listen: true,
      env: { RUN_JOBS: 'false', REDIS_PREFIX: prefix, DATA_DIR: dataDir, PAYMENT_WINDOW_SECONDS: '2' },
    });
  });

  afterAll(async () => {
    for (const w of workers) await w.kill9();
    await api?.close();
    await database?.drop();
    await deleteQueueKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  function workerEnv(): ProcessEnv {
    const sim = `${api.baseUrl}/wechat-sim`;
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url ?? '',
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: TEST_REDIS_URL ?? '',
      REDIS_PREFIX: prefix,
      DATA_DIR: dataDir,
      AUTH_TOKEN_SECRET: api.config.authTokenSecret ?? '',
      PUBLIC_BASE_URL: api.baseUrl ?? '',
      WECHATPAY_BASE_URL: sim,
      WECHAT_OAUTH_BASE_URL: sim,
      WECHAT_API_BASE_URL: sim,
      NOTIFIER: 'wechat',
      PAYMENT_WINDOW_SECONDS: '2',
      // A dead worker's jobs go back to the queue after about two seconds, not thirty.
      JOB_LOCK_SECONDS: '2',
      OUTBOX_LEASE_SECONDS: '5',
      JOB_BACKOFF_BASE_MS: '200',
      JOB_BACKOFF_CEILING_MS: '2000',
    };
  }

  async function templateMessages(): Promise<SimTemplateMessage[]> {
    return (await (await fetch(`${api.baseUrl}/wechat-sim/_sim/template-messages`)).json()) as SimTemplateMessage[];
  }

  it('loses no job and runs none twice: orders as WeChat has them, each notice sent once, the ledger verified', async () => {
    // Work waiting for the worker: volunteers on two events, one cancelled (a notice each), the
    // other's two reminders fallen due (a notice each, twice); unpaid orders whose window passed,
    // a third of them paid at WeChat with the notification lost, a third paid and notified.
    const town = await loginAs(api, 'demo-town');
    const kept = await createEvent(api, town, {
      title: '科技下乡送技术',
      regionCode: VILLAGE,
      startsAt: shanghaiAt(3, '09:00'),
      endsAt: shanghaiAt(3, '11:00'),
      capacity: VOLUNTEERS,
    });
    const cancelled = await createEvent(api, town, {
      title: '文化下乡演出',
      kind: 'CULTURE',
      regionCode: VILLAGE,
      startsAt: shanghaiAt(4, '09:00'),
      endsAt: shanghaiAt(4, '11:00'),
      capacity: VOLUNTEERS,
    });
    const volunteers: TestVolunteer[] = [];
    for (let i = 0; i < VOLUNTEERS; i++) {
      const v = await newVolunteer(api, `oFaultWorker-${String(i).padStart(3, '0')}`, `志愿者${i}`);
      expect(await signUp(api, v, kept)).toBe('CONFIRMED');
      expect(await signUp(api, v, cancelled)).toBe('CONFIRMED');
      volunteers.push(v);
    }
    const cancel = await api.gql(
      `mutation($e: ID!) { cancelEvent(eventId: $e, reason: "场地维修") { id } }`,
      { e: cancelled },
      bearer(town),
    );
    expect(cancel.errors).toBeUndefined();
    // Time passes for the kept event: both its reminders fall due now.
    await sql(
      database.url!,
      `UPDATE outbox_message SET available_at = now() WHERE job_name = 'remind-volunteers' AND payload->>'eventId' = $1`,
      [kept],
    );

    const donors = [];
    for (let d = 0; d < 3; d++) donors.push(await donorLogin(api, `oFaultWorker-donor-${d}`));
    const campaignId = await campaignIdOf(api, 'fupin-shanchou');
    const receipts: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const receiptNo = await startDonation(api, donors[i % 3].token, { campaignId, amountFen: 100 + i });
      receipts.push(receiptNo);
      const pay = `${api.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`;
      if (i % 3 === 1) await fetch(`${pay}?notify=false`, { method: 'POST' });
      if (i % 3 === 2) await fetch(pay, { method: 'POST' });
    }
    const notified = receipts.filter((_, i) => i % 3 === 2);
    await waitFor('the notified payments credited by the API', async () => {
      const [{ n }] = await sql<{ n: string }>(
        database.url!,
        `SELECT count(*) AS n FROM donation WHERE receipt_no = ANY($1) AND status = 'PAID'`,
        [notified],
      );
      return Number(n) === notified.length;
    });
    // Every order's window has passed before the worker comes up.
    await waitFor(
      'the payment windows to pass',
      async () => {
        const [{ n }] = await sql<{ n: string }>(
          database.url!,
          `SELECT count(*) AS n FROM outbox_message WHERE job_name = 'expire-donation' AND available_at > now()`,
        );
        return Number(n) === 0;
      },
      10_000,
    );

    // The first worker takes the work; it is killed while it holds jobs, some finished and many not.
    const redis = new IORedis(TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
    const activeJobs = async (): Promise<string[]> =>
      (await Promise.all(['donations', 'outreach'].map((q) => redis.lrange(`${prefix}:${q}:active`, 0, -1)))).flat();
    let inHand: string[] = [];
    try {
      const first = PlatformProcess.start('worker 1', 'worker', workerEnv());
      workers.push(first);
      await waitFor(
        'the first worker to hold jobs with work finished and work left',
        async () => {
          if (!first.alive) throw new Error(first.describe());
          const [{ done, open }] = await sql<{ done: string; open: string }>(
            database.url!,
            `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL AND job_name IN ('expire-donation', 'notify-volunteer')) AS done,
                    count(*) FILTER (WHERE completed_at IS NULL AND available_at <= now() + interval '10 seconds') AS open
               FROM outbox_message`,
          );
          if (Number(done) < 3 || Number(open) < 10) return false;
          inHand = await activeJobs();
          return inHand.length > 0;
        },
        60_000,
      );
      await first.kill9();
    } finally {
      redis.disconnect();
    }
    const sentByFirst = workers[0].lines('template message sent').length;

    // A new worker: the dead one's jobs come back once their locks run out.
    const second = PlatformProcess.start('worker 2', 'worker', workerEnv());
    workers.push(second);
    await waitFor(
      'every outbox row that fell due to be completed',
      async () => {
        if (!second.alive) throw new Error(second.describe());
        const now = Date.now();
        const rows = await outboxRows(database.url!);
        if (rows.some((r) => r.dead_at)) return true; // asserted below, with the row
        return rows.every((r) => r.completed_at || notYetDue(r, now));
      },
      60_000,
    );

    // No job lost, none parked: every row completed but the reminders still days ahead.
    expect(await unfinishedRows(database.url!)).toEqual([]);
    const rows = await outboxRows(database.url!);
    // The jobs the dead worker held were taken over and finished.
    const completedJobs = new Set(rows.filter((r) => r.completed_at).map((r) => r.job_key ?? r.id));
    expect(inHand.filter((id) => !completedJobs.has(id))).toEqual([]);

    // Every order in the state WeChat Pay has for it: paid there → PAID here, else closed at both.
    const wechatPay = api.app.get(WechatPayClient);
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
      const expected = remote === 'SUCCESS' ? 'PAID' : remote === 'CLOSED' ? 'CLOSED' : `(WeChat ${remote})`;
      if (here.get(receiptNo) !== expected)
        mismatches.push(`${receiptNo}: WeChat ${remote}, here ${here.get(receiptNo)}`);
    }
    expect(mismatches).toEqual([]);
    expect([...here.values()].filter((s) => s === 'PAID')).toHaveLength((ORDERS / 3) * 2);

    // Credited once each: one DONATION entry per paid order, and the campaign's total is their sum.
    await ledgerSettled(database.url!);
    const entries = await sql<{ memo: string; n: string }>(
      database.url!,
      `SELECT memo, count(*) AS n FROM ledger_entry WHERE kind = 'DONATION' GROUP BY memo`,
    );
    const paid = receipts.filter((r) => here.get(r) === 'PAID');
    for (const receiptNo of paid) {
      expect(entries.filter((e) => e.memo.endsWith(receiptNo)).map((e) => Number(e.n))).toEqual([1]);
    }

    // Each volunteer heard each notice once: the cancellation, and the two reminders of the other event.
    const messages = (await templateMessages()).filter((m) => m.touser.startsWith('oFaultWorker-'));
    const perNotice = new Map<string, number>();
    for (const m of messages) {
      const key = `${m.touser} ${m.data.thing1.value} ${m.data.thing4.value}`;
      perNotice.set(key, (perNotice.get(key) ?? 0) + 1);
    }
    expect([...perNotice.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    for (const v of volunteers) {
      const theirs = messages.filter((m) => m.touser === v.openid).map((m) => m.data.thing4.value);
      expect(theirs.sort()).toEqual(
        ['活动已取消：场地维修', '一小时后开始，请到场扫码签到', '明天09:00开始，请准时参加'].sort(),
      );
    }

    // The public ledger verifies, its head covering every entry.
    const [{ size }] = await sql<{ size: string }>(database.url!, 'SELECT count(*) AS size FROM ledger_entry');
    await waitFor('a tree head over every entry', async () => {
      const [head] = await sql<{ tree_size: string }>(
        database.url!,
        'SELECT tree_size FROM ledger_tree_head ORDER BY tree_size DESC LIMIT 1',
      );
      return Number(head?.tree_size) === Number(size);
    });
    const report = await verifyLedger(api.baseUrl!);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(Number(size));

    // What the kill cost: notices the dead worker had sent and a second try sent again, which
    // WeChat dropped by their client_msg_id (the same msgid answered twice).
    const sent = [...workers[0].lines('template message sent'), ...second.lines('template message sent')];
    const msgids = new Set(sent.map((l) => l.msgid));
    process.stdout.write(
      `worker killed holding ${inHand.length} jobs; ${sentByFirst} notices sent before the kill; ` +
        `${sent.length} sends for ${msgids.size} messages\n`,
    );
  }, 120_000);
});
