import { Wakeups } from '@shanchou/core';
import { DonationWaits } from '@shanchou/donations';
import {
  campaignIdOf,
  createDemoDatabase,
  createTestApp,
  deleteQueueKeys,
  donorLogin,
  loginAs,
  startDonation,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  TestApp,
  TestDatabase,
  waitFor,
} from '@shanchou/test';
import { randomBytes } from 'node:crypto';

interface Progress {
  receiptNo: string;
  status: string;
  paidAt: string | null;
  ledgerSeq: number | null;
  changed: boolean;
}

interface Answer {
  status: number;
  body: Progress & { code?: string; message?: string; field?: string };
  /** From sending the request to its answer. */
  ms: number;
}

/** GET /donations/<receiptNo>/wait over real HTTP, as the result page sends it. */
async function waitAt(
  t: TestApp,
  token: string | null,
  receiptNo: string,
  query: string,
  signal?: AbortSignal,
): Promise<Answer> {
  const start = Date.now();
  const res = await fetch(`${t.baseUrl}/donations/${receiptNo}/wait?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal,
  });
  const body = (await res.json()) as Answer['body'];
  return { status: res.status, body, ms: Date.now() - start };
}

async function pay(t: TestApp, receiptNo: string): Promise<void> {
  const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
  expect(res.ok).toBe(true);
}

/** Until the app holds a wait on `count` channels: the request is parked, not answered. */
function held(t: TestApp, count = 1): Promise<void> {
  const wakeups = t.app.get(Wakeups, { strict: false });
  return waitFor(`${count} waits held`, () => wakeups.channels >= count);
}

const CHINESE = /[\u4e00-\u9fff]/;

/** The donor's result page waits on the server for the payment, not polling (issue 16 item 3). */
describe('GET /donations/:receiptNo/wait', () => {
  let t: TestApp;
  let donor: string;
  let stranger: string;
  let campaignId: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    donor = (await donorLogin(t, 'oDonationWait-01')).token;
    stranger = (await donorLogin(t, 'oDonationWait-02')).token;
    campaignId = await campaignIdOf(t, 'cixin-yiri-juan-2026');
  });
  afterAll(() => t.close());

  it('answers as soon as the gift is credited, then as soon as its ledger seq is there', async () => {
    const receiptNo = await startDonation(t, donor, { campaignId, amountFen: 1200 });
    const waiting = waitAt(t, donor, receiptNo, 'status=PENDING&ledger=0&timeout=25');
    await held(t);
    const paidAt = Date.now();
    await pay(t, receiptNo);
    const paid = await waiting;
    const sincePaid = Date.now() - paidAt;
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ receiptNo, status: 'PAID', changed: true });
    expect(paid.body.paidAt).not.toBeNull();
    // Woken, not found by the re-read every 5 s, and far from the 25 s time-out.
    expect(sincePaid).toBeLessThan(3000);

    // The page now has PAID and waits for the seq (正在入账): answered once the ledger has it.
    const ledger = await waitAt(t, donor, receiptNo, 'status=PAID&ledger=1&timeout=25');
    expect(ledger.body).toMatchObject({ status: 'PAID', changed: true, ledgerSeq: expect.any(Number) as unknown });
    expect(ledger.ms).toBeLessThan(3000);
  });

  it('answers at once when the page is behind, and after the time-out with the same state otherwise', async () => {
    const receiptNo = await startDonation(t, donor, { campaignId, amountFen: 300 });
    const behind = await waitAt(t, donor, receiptNo, 'status=PAID&timeout=25');
    expect(behind.body).toMatchObject({ receiptNo, status: 'PENDING', paidAt: null, ledgerSeq: null, changed: true });
    expect(behind.ms).toBeLessThan(2000);

    const unchanged = await waitAt(t, donor, receiptNo, 'status=PENDING&ledger=1&timeout=1');
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual({ receiptNo, status: 'PENDING', paidAt: null, ledgerSeq: null, changed: false });
    expect(unchanged.ms).toBeGreaterThanOrEqual(900);
    expect(unchanged.ms).toBeLessThan(5000);

    const now = await waitAt(t, donor, receiptNo, 'status=PENDING&timeout=0');
    expect(now.body).toMatchObject({ status: 'PENDING', changed: false });
  });

  it("refuses another donor's gift as one that does not exist; staff may wait on any", async () => {
    const receiptNo = await startDonation(t, donor, { campaignId, amountFen: 100 });
    const theirs = await waitAt(t, stranger, receiptNo, 'status=PENDING&timeout=0');
    const none = await waitAt(t, stranger, 'SC000000000000', 'status=PENDING&timeout=0');
    expect(theirs.status).toBe(404);
    expect(none.status).toBe(404);
    expect(theirs.body.code).toBe('NOT_FOUND');
    expect(Object.keys(theirs.body).sort()).toEqual(Object.keys(none.body).sort());
    expect(theirs.body.message).toMatch(CHINESE);

    const staff = await loginAs(t, 'demo-district');
    const asStaff = await waitAt(t, staff, receiptNo, 'status=PENDING&timeout=0');
    expect(asStaff.status).toBe(200);
    expect((await waitAt(t, null, receiptNo, 'status=PENDING&timeout=0')).status).toBe(401);
  });

  it('refuses bad input with 400 naming the field in Chinese', async () => {
    const receiptNo = await startDonation(t, donor, { campaignId, amountFen: 100 });
    for (const [query, field] of [
      ['timeout=5', 'status'],
      ['status=SETTLED', 'status'],
      ['status=PENDING&ledger=yes', 'ledger'],
      ['status=PENDING&timeout=26', 'timeout'],
      ['status=PENDING&timeout=-1', 'timeout'],
      ['status=PENDING&timeout=1.5', 'timeout'],
    ]) {
      const res = await waitAt(t, donor, receiptNo, query);
      expect({ query, status: res.status, code: res.body.code, field: res.body.field }).toEqual({
        query,
        status: 400,
        code: 'BAD_USER_INPUT',
        field,
      });
      expect(res.body.message).toMatch(CHINESE);
    }
    const badNo = await waitAt(t, donor, 'no%20such', 'status=PENDING');
    expect(badNo).toMatchObject({ status: 400, body: { field: 'receiptNo' } });
  });

  it('holds at most 3 waits per donor, and lets a wait go when its page goes away', async () => {
    const receipts = await Promise.all([1, 2, 3, 4].map(() => startDonation(t, donor, { campaignId, amountFen: 100 })));
    const pages = receipts.slice(0, 3).map(() => new AbortController());
    const waits = pages.map((page, i) =>
      waitAt(t, donor, receipts[i], 'status=PENDING&timeout=25', page.signal).catch((err: Error) => err.name),
    );
    await held(t, 3);
    const fourth = await waitAt(t, donor, receipts[3], 'status=PENDING&timeout=25');
    expect(fourth.status).toBe(429);
    expect(fourth.body.message).toMatch(CHINESE);
    // Another donor is not held back by this one.
    const other = await startDonation(t, stranger, { campaignId, amountFen: 100 });
    expect((await waitAt(t, stranger, other, 'status=PENDING&timeout=0')).status).toBe(200);

    for (const page of pages) page.abort();
    expect(await Promise.all(waits)).toEqual(['AbortError', 'AbortError', 'AbortError']);
    const wakeups = t.app.get(Wakeups, { strict: false });
    await waitFor('the server to drop the abandoned waits', () => wakeups.channels === 0);
    const again = waitAt(t, donor, receipts[3], 'status=PENDING&timeout=25');
    await held(t);
    await pay(t, receipts[3]);
    expect((await again).body).toMatchObject({ status: 'PAID', changed: true });
  });
});

const withServers = TEST_DATABASE_URL && TEST_REDIS_URL ? describe : describe.skip;

/** Two API replicas on one database and one Redis: a credit on one wakes the page waiting on the other. */
withServers('waits across replicas (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  // Replicas of one deployment share REDIS_PREFIX (queues and wake-ups).
  const prefix = `test-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    database = await createDemoDatabase();
    a = await createTestApp({
      database,
      listen: true,
      wechatSim: { notifyRetryScale: 0.001 },
      env: { REDIS_PREFIX: prefix },
    });
    b = await createTestApp({ database, listen: true, env: { REDIS_PREFIX: prefix } });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    await deleteQueueKeys(prefix);
  });

  it('a wait on one instance is woken by a credit on the other', async () => {
    const donor = (await donorLogin(a, 'oDonationWait-replicas')).token;
    const receiptNo = await startDonation(a, donor, {
      campaignId: await campaignIdOf(a, 'cixin-yiri-juan-2026'),
      amountFen: 800,
    });
    const waiting = waitAt(b, donor, receiptNo, 'status=PENDING&ledger=0&timeout=25');
    await held(b);
    const paidAt = Date.now();
    // Paid at A's stand-in: the notification goes to A, which credits and announces it.
    await pay(a, receiptNo);
    const answer = await waiting;
    expect(answer.body).toMatchObject({ receiptNo, status: 'PAID', changed: true });
    expect(Date.now() - paidAt).toBeLessThan(3000);
  });

  it("one replica's announce wakes the other's wait, which then reads the database", async () => {
    const donor = (await donorLogin(a, 'oDonationWait-replicas-2')).token;
    const campaignId = await campaignIdOf(a, 'cixin-yiri-juan-2026');
    const receiptNo = await startDonation(a, donor, { campaignId, amountFen: 900 });
    const waiting = waitAt(b, donor, receiptNo, 'status=PENDING&timeout=25');
    await held(b);
    await pay(a, receiptNo);
    const now = () => waitAt(a, donor, receiptNo, 'status=PENDING&timeout=0');
    await waitFor('PAID', async () => (await now()).body.status === 'PAID');
    const announcedAt = Date.now();
    await a.app.get(DonationWaits, { strict: false }).announce(receiptNo);
    expect((await waiting).body).toMatchObject({ status: 'PAID', changed: true });
    // B re-reads on its own only every 5 s: this was the wake-up.
    expect(Date.now() - announcedAt).toBeLessThan(1000);
  });
});
