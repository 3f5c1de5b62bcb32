import { Transactions } from '@shanchou/core';
import { rootOf } from '@shanchou/ledger-verifier';
import { createTestContext, createTestDatabase, TestDatabase } from '@shanchou/test';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerKind } from './ledger-kind';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerService, NewLedgerEntry } from './ledger.service';

describe('LedgerService', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let ledger: LedgerService;
  let tx: Transactions;
  let ds: DataSource;
  const campaign = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { DATABASE_POOL_SIZE: '20' });
    ledger = ctx.app.get(LedgerService);
    tx = ctx.app.get(Transactions);
    ds = ctx.app.get(DataSource);
  });
  afterAll(async () => {
    await ctx.close();
    await database.drop();
  });

  const append = (entry: NewLedgerEntry) => tx.run((m) => ledger.append(m, entry));
  const count = async (table: string): Promise<number> => {
    const rows: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM ${table}`);
    return Number(rows[0].n);
  };

  it('gives 50 concurrent appends the seqs 0–49, with no gap and no duplicate', async () => {
    const entries = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        append({
          kind: LedgerKind.DONATION,
          amountFen: 100 + i,
          campaignId: campaign,
          donor: { name: '张三', anonymous: i % 2 === 0 },
        }),
      ),
    );
    expect(entries.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const rows: { seq: string; leaf_hash: string }[] = await ds.query(
      'SELECT seq, leaf_hash FROM ledger_entry ORDER BY seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The stored subtrees give the same root as a verifier computing it from the leaves.
    expect(await ctx.app.get(LedgerProofService).root(50)).toBe(rootOf(rows.map((r) => r.leaf_hash.trim())));
    expect(await count("outbox_message WHERE job_name = 'sign-tree-head'")).toBe(50);
  });

  it('masks donor names and writes the canonical text the leaf commits to', async () => {
    const named = await append({
      kind: LedgerKind.DONATION,
      amountFen: 500,
      campaignId: campaign,
      donor: { name: '欧阳修', anonymous: false },
      memo: ' 慈心一日捐 ',
    });
    const anonymous = await append({
      kind: LedgerKind.DONATION,
      amountFen: 100,
      campaignId: campaign,
      donor: { name: '李四', anonymous: true },
    });
    expect(named.donor).toBe('欧**');
    expect(anonymous.donor).toBe('爱心人士');
    expect(named.canonical).toBe(
      `{"amountFen":500,"campaignId":"${campaign}","donor":"欧**","kind":"DONATION","memo":"慈心一日捐","occurredAt":"${named.occurredAt.toISOString()}","quantity":null,"seq":${named.seq}}`,
    );
  });

  it.each<[string, NewLedgerEntry, RegExp]>([
    [
      'a donation of zero',
      { kind: LedgerKind.DONATION, amountFen: 0, campaignId: campaign },
      /amountFen: a DONATION needs a whole, non-zero amount/,
    ],
    ['a fractional amount', { kind: LedgerKind.DONATION, amountFen: 1.5, campaignId: campaign }, /amountFen/],
    [
      'a positive refund',
      { kind: LedgerKind.REFUND, amountFen: 100, campaignId: campaign },
      /a REFUND amount must be negative/,
    ],
    [
      'money without a campaign',
      { kind: LedgerKind.DONATION, amountFen: 100 },
      /campaignId: a DONATION belongs to a campaign/,
    ],
    [
      'goods with an amount',
      { kind: LedgerKind.GOODS_IN, quantity: 3, amountFen: 100 },
      /a GOODS_IN moves goods, not money/,
    ],
    ['goods without a quantity', { kind: LedgerKind.GOODS_OUT }, /quantity: a GOODS_OUT needs a whole number of units/],
  ])('refuses %s and writes nothing', async (_what, entry, message) => {
    const before = await count('ledger_entry');
    await expect(append(entry)).rejects.toThrow(message);
    expect(await count('ledger_entry')).toBe(before);
  });

  it('refuses a disbursement that would overdraw the campaign, without using up a seq', async () => {
    const small = randomUUID();
    await append({ kind: LedgerKind.DONATION, amountFen: 1000, campaignId: small });
    await append({ kind: LedgerKind.DISBURSEMENT, amountFen: -600, campaignId: small, memo: '购买棉被' });
    await expect(append({ kind: LedgerKind.DISBURSEMENT, amountFen: -401, campaignId: small })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Campaign ${small} holds 400 fen: it cannot pay out 401 fen`,
    });
    const last = await append({ kind: LedgerKind.ALLOCATION, amountFen: -400, campaignId: small, memo: '调拨' });
    expect(await ledger.balance(ds.manager, small)).toBe(0);
    const seqs: { seq: string }[] = await ds.query('SELECT seq FROM ledger_entry ORDER BY seq');
    expect(seqs.map((s) => Number(s.seq))).toEqual(Array.from({ length: Number(last.seq) + 1 }, (_, i) => i));
  });

  it('cannot be rewritten or removed by the application’s database role', async () => {
    await expect(ds.query(`UPDATE ledger_entry SET amount_fen = 1 WHERE seq = 0`)).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM ledger_entry')).rejects.toThrow(/append-only/);
    await expect(ds.query('UPDATE ledger_node SET hash = hash')).rejects.toThrow(/append-only/);
    await expect(ds.query('TRUNCATE ledger_tree_head')).rejects.toThrow(/append-only/);
  });
});
