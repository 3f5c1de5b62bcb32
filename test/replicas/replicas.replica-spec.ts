import { DonationWaits } from '@shanchou/donations';
import {
  campaignIdOf,
  createDemoDatabase,
  createTestApp,
  deleteQueueKeys,
  donorLogin,
  heldWaits,
  payAtStandIn,
  startDonation,
  TestApp,
  TestDatabase,
  waitAt,
  waitFor,
} from '@shanchou/test';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Two API replicas of one deployment on one PostgreSQL and one Redis, each running jobs and the
 * ledger's sequencer, as behind nginx. Only with DATABASE_URL and REDIS_URL (jest.config.js):
 * embedded PGlite is one process's.
 */
describe('two replicas (PostgreSQL + Redis)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  // Replicas of one deployment share REDIS_PREFIX (queues and wake-ups).
  const prefix = `test-${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    database = await createDemoDatabase();
    // Both integrate on their own every 20 ms: their sequencers race for every batch.
    const env = { REDIS_PREFIX: prefix, LEDGER_MERGE_INTERVAL_MS: '20' };
    a = await createTestApp({ database, listen: true, wechatSim: { notifyRetryScale: 0.001 }, env });
    b = await createTestApp({ database, listen: true, wechatSim: { notifyRetryScale: 0.001 }, env });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    await deleteQueueKeys(prefix);
  });

  it('a wait on one instance is woken by a credit on the other, and again by the integration', async () => {
    const donor = (await donorLogin(a, 'oDonationWait-replicas')).token;
    const receiptNo = await startDonation(a, donor, {
      campaignId: await campaignIdOf(a, 'cixin-yiri-juan-2026'),
      amountFen: 800,
    });
    const waiting = waitAt(b, donor, receiptNo, 'status=PENDING&ledger=0&timeout=25');
    await heldWaits(b);
    const paidAt = Date.now();
    // Paid at A's stand-in: the notification goes to A, which credits and announces it.
    await payAtStandIn(a, receiptNo);
    const answer = await waiting;
    expect(answer.body).toMatchObject({ receiptNo, status: 'PAID', changed: true });
    // Woken: B re-reads on its own only every 5 s.
    expect(Date.now() - paidAt).toBeLessThan(3000);
    const seq = await waitAt(b, donor, receiptNo, 'status=PAID&ledger=1&timeout=25');
    expect(seq.body).toMatchObject({ status: 'PAID', ledgerSeq: expect.any(Number) as unknown });
    expect(seq.ms).toBeLessThan(3000);
  });

  it("one replica's announce wakes the other's wait, which then reads the database", async () => {
    const donor = (await donorLogin(a, 'oDonationWait-replicas-2')).token;
    const campaignId = await campaignIdOf(a, 'cixin-yiri-juan-2026');
    const receiptNo = await startDonation(a, donor, { campaignId, amountFen: 900 });
    const waiting = waitAt(b, donor, receiptNo, 'status=PENDING&timeout=25');
    await heldWaits(b);
    await payAtStandIn(a, receiptNo);
    const now = () => waitAt(a, donor, receiptNo, 'status=PENDING&timeout=0');
    await waitFor('PAID', async () => (await now()).body.status === 'PAID');
    const announcedAt = Date.now();
    await a.app.get(DonationWaits, { strict: false }).announce(receiptNo);
    expect((await waiting).body).toMatchObject({ status: 'PAID', changed: true });
    expect(Date.now() - announcedAt).toBeLessThan(1000);
  });

  it('credits each gift once and integrates one gapless ledger when every notification reaches both replicas', async () => {
    const campaignId = await campaignIdOf(a, 'cixin-yiri-juan-2026');
    const ds = a.app.get(DataSource);
    const raised = async () =>
      (await ds.query<{ raised_fen: string }[]>('SELECT raised_fen FROM campaign WHERE id = $1', [campaignId]))[0]
        .raised_fen;
    const before = Number(await raised());
    const gifts = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        // Each replica here plays WeChat with its own stand-in: the orders are A's.
        const donor = (await donorLogin(a, `oReplicas-${i}`)).token;
        const receiptNo = await startDonation(a, donor, { campaignId, amountFen: 100 + i });
        return { donor, receiptNo, amountFen: 100 + i };
      }),
    );
    // Paid at A's stand-in (A gets the notification); each notification is replayed to B as well, at once.
    await Promise.all(gifts.map((g) => payAtStandIn(a, g.receiptNo)));
    await waitFor('every gift PAID', async () => {
      const rows = await ds.query<{ n: string }[]>(
        "SELECT count(*) AS n FROM donation WHERE receipt_no = ANY($1) AND status = 'PAID'",
        [gifts.map((g) => g.receiptNo)],
      );
      return Number(rows[0].n) === gifts.length;
    });
    for (const g of gifts) {
      const sent = (await (
        await fetch(`${a.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=${g.receiptNo}`)
      ).json()) as { headers: Record<string, string>; body: string }[];
      const replays = await Promise.all(
        [a, b, a, b].map((t) =>
          t.app.inject({ method: 'POST', url: '/wechatpay/notify', headers: sent[0].headers, payload: sent[0].body }),
        ),
      );
      expect(replays.map((r) => r.statusCode)).toEqual([204, 204, 204, 204]);
    }
    await waitFor('every gift integrated', async () => {
      const rows = await ds.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM donation WHERE receipt_no = ANY($1) AND ledger_seq IS NOT NULL',
        [gifts.map((g) => g.receiptNo)],
      );
      return Number(rows[0].n) === gifts.length;
    });
    expect(Number(await raised())).toBe(before + gifts.reduce((s, g) => s + g.amountFen, 0));
    const entries = await ds.query<{ memo: string; seq: string }[]>('SELECT memo, seq FROM ledger_entry ORDER BY seq');
    for (const g of gifts) expect(entries.filter((e) => e.memo.endsWith(g.receiptNo))).toHaveLength(1);
    expect(entries.map((e) => Number(e.seq))).toEqual(entries.map((_, i) => i));
    // Each donation's seq is its own DONATION entry.
    const seqs = await ds.query<{ receipt_no: string; memo: string }[]>(
      'SELECT d.receipt_no, e.memo FROM donation d JOIN ledger_entry e ON e.seq = d.ledger_seq WHERE d.receipt_no = ANY($1)',
      [gifts.map((g) => g.receiptNo)],
    );
    for (const row of seqs) expect(row.memo.endsWith(row.receipt_no)).toBe(true);
    expect(seqs).toHaveLength(gifts.length);
  });
});
