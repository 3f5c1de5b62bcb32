import { Transactions } from '@shanchou/core';
import { createTestContext, createTestDatabase, TestDatabase, waitFor } from '@shanchou/test';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerKind } from '../ledger-kind';
import { LedgerService, NewLedgerEntry } from '../ledger.service';
import { LedgerOwners, OwnedSeq } from './ledger-owners';
import { LedgerSequencer } from './ledger-sequencer';

describe('LedgerSequencer', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  describe('its owners and its failures', () => {
    let ctx: Awaited<ReturnType<typeof createTestContext>>;
    let ledger: LedgerService;
    let sequencer: LedgerSequencer;
    let ds: DataSource;
    const told: { inTx: OwnedSeq[]; announced: OwnedSeq[] } = { inTx: [], announced: [] };
    let ownerFails = false;

    beforeAll(async () => {
      ctx = await createTestContext(database);
      ledger = ctx.app.get(LedgerService);
      sequencer = ctx.app.get(LedgerSequencer);
      ds = ctx.app.get(DataSource);
      ctx.app.get(LedgerOwners).register({
        kind: 'test-gift',
        integrated: async (tx, seqs) => {
          // Inside the batch's transaction: the entries are already there.
          const rows: { n: string | number }[] = await tx.query(
            'SELECT count(*) AS n FROM ledger_entry WHERE seq = ANY($1::bigint[])',
            [seqs.map((s) => s.seq)],
          );
          if (ownerFails) throw new Error('the owner cannot write');
          expect(Number(rows[0].n)).toBe(seqs.length);
          told.inTx.push(...seqs);
        },
        announce: (seqs) => {
          told.announced.push(...seqs);
          return Promise.resolve();
        },
      });
    });
    afterAll(() => ctx.close());

    const append = (entry: NewLedgerEntry) => ctx.app.get(Transactions).run((m) => ledger.append(m, entry));
    const count = async (table: string): Promise<number> =>
      Number((await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);

    it('tells each owner the seqs of its entries in the batch, then announces them after the commit', async () => {
      const ids = [randomUUID(), randomUUID()];
      const gift = (id: string) => ({
        kind: LedgerKind.GOODS_IN,
        quantity: 1,
        owner: { kind: 'test-gift', id },
      });
      const first = await append(gift(ids[0]));
      await append({ kind: LedgerKind.GOODS_IN, quantity: 2 });
      const second = await append(gift(ids[1]));
      await sequencer.integrateAll();
      const seqs = await ledger.seqsOf([first.pendingId, second.pendingId]);
      const expected = [
        { ownerId: ids[0], seq: seqs.get(first.pendingId) },
        { ownerId: ids[1], seq: seqs.get(second.pendingId) },
      ];
      expect(told.inTx).toEqual(expected);
      expect(told.announced).toEqual(expected);
    });

    it('rolls a failed batch back whole: nothing integrated, nothing lost, and the next batch takes it', async () => {
      const size = await count('ledger_entry');
      const heads = await count('ledger_tree_head');
      await append({ kind: LedgerKind.GOODS_IN, quantity: 3 });
      await append({ kind: LedgerKind.GOODS_IN, quantity: 4, owner: { kind: 'test-gift', id: randomUUID() } });
      ownerFails = true;
      await expect(sequencer.integrateBatch()).rejects.toThrow(/the owner cannot write/);
      expect(await count('ledger_entry')).toBe(size);
      expect(await count('ledger_tree_head')).toBe(heads);
      expect(await count('ledger_pending')).toBe(2);
      ownerFails = false;
      expect(await sequencer.integrateAll()).toBe(2);
      expect(await count('ledger_entry')).toBe(size + 2);
      expect(await count('ledger_pending')).toBe(0);
    });

    it('integrates entries whose owner no module registered, and says so in the log', async () => {
      const queued = await append({
        kind: LedgerKind.GOODS_IN,
        quantity: 5,
        owner: { kind: 'lost', id: randomUUID() },
      });
      await sequencer.integrateAll();
      expect((await ledger.seqsOf([queued.pendingId])).size).toBe(1);
      expect(ctx.logs).toContainEqual(
        expect.objectContaining({ msg: 'no ledger owner registered for integrated entries', owner: 'lost' }),
      );
    });
  });

  describe('on its own, in a process that runs jobs', () => {
    it('integrates what is queued by itself, signing a head per batch; with LEDGER_MERGE_INTERVAL_MS=0 a process leaves it queued', async () => {
      const ctx = await createTestContext(database, { RUN_JOBS: 'true', LEDGER_MERGE_INTERVAL_MS: '50' });
      const ds = ctx.app.get(DataSource);
      const ledger = ctx.app.get(LedgerService);
      const tx = ctx.app.get(Transactions);
      try {
        const queued = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            tx.run((m) => ledger.append(m, { kind: LedgerKind.GOODS_IN, quantity: i + 1, memo: '自动入账' })),
          ),
        );
        await waitFor('the sequencer to integrate the queue', async () => (await ledger.queued()).entries === 0, 5_000);
        const seqs = await ledger.seqsOf(queued.map((q) => q.pendingId));
        expect(seqs.size).toBe(20);
        // Integrated by the loop, not by this test; how fast is bench:ledger's to measure.
        const heads: { n: string | number }[] = await ds.query('SELECT count(*) AS n FROM ledger_tree_head');
        expect(Number(heads[0].n)).toBeGreaterThanOrEqual(1);
      } finally {
        await ctx.close();
      }
      // A process told not to integrate (0) leaves entries queued until someone integrates.
      const later = await createTestContext(database);
      try {
        const ledger = later.app.get(LedgerService);
        await later.app.get(Transactions).run((m) => ledger.append(m, { kind: LedgerKind.GOODS_IN, quantity: 1 }));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await ledger.queued()).entries).toBe(1);
        await later.integrateLedger();
        expect((await ledger.queued()).entries).toBe(0);
      } finally {
        await later.close();
      }
    });
  });
});
