import { Wakeups } from '@shanchou/core';
import {
  campaignIdOf,
  createTestApp,
  donorLogin,
  heldWaits,
  loginAs,
  payAtStandIn,
  startDonation,
  TestApp,
  waitAt,
  waitFor,
} from '@shanchou/test';

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
    await heldWaits(t);
    const paidAt = Date.now();
    await payAtStandIn(t, receiptNo);
    const paid = await waiting;
    const sincePaid = Date.now() - paidAt;
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ receiptNo, status: 'PAID', changed: true });
    expect(paid.body.paidAt).not.toBeNull();
    // Woken, not found by the re-read every 5 s, and far from the 25 s time-out.
    expect(sincePaid).toBeLessThan(3000);

    // The page now has PAID and waits for the seq (正在入账): answered once the sequencer integrates it.
    expect(paid.body.ledgerSeq).toBeNull();
    const seqWait = waitAt(t, donor, receiptNo, 'status=PAID&ledger=1&timeout=25');
    await heldWaits(t);
    const integratedAt = Date.now();
    expect(await t.integrateLedger()).toBeGreaterThanOrEqual(1);
    const ledger = await seqWait;
    expect(ledger.body).toMatchObject({ status: 'PAID', changed: true, ledgerSeq: expect.any(Number) as unknown });
    // Woken by the integration's announce, not by the 5 s re-read.
    expect(Date.now() - integratedAt).toBeLessThan(3000);
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
    await heldWaits(t, 3);
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
    await heldWaits(t);
    await payAtStandIn(t, receipts[3]);
    expect((await again).body).toMatchObject({ status: 'PAID', changed: true });
  });
});
