import { Transactions } from '@shanchou/core';
import { rootOf } from '@shanchou/ledger-verifier';
import { createTestContext, createTestDatabase, TestDatabase } from '@shanchou/test';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerKind } from './ledger-kind';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerService, NewLedgerEntry } from './ledger.service';
import { LedgerSequencer } from './sequencer/ledger-sequencer';
import { TreeHeadService } from './tree-head.service';
import { treeHeadMessage } from './canonical';
import { verify, createPublicKey } from 'node:crypto';

describe('LedgerService', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let ledger: LedgerService;
  let tx: Transactions;
  let ds: DataSource;
  let sequencer: LedgerSequencer;
  const campaign = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database, { DATABASE_POOL_SIZE: '20' });
    ledger = ctx.app.get(LedgerService);
    tx = ctx.app.get(Transactions);
    ds = ctx.app.get(DataSource);
    sequencer = ctx.app.get(LedgerSequencer);
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
  const seqs = async (): Promise<number[]> =>
    (await ds.query<{ seq: string }[]>('SELECT seq FROM ledger_entry ORDER BY seq')).map((r) => Number(r.seq));
  const gapless = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('queues 50 concurrent appends without a seq, then integrates them gapless 0–49 in one batch', async () => {
    const queued = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        append({
          kind: LedgerKind.DONATION,
          amountFen: 100 + i,
          campaignId: campaign,
          donor: { name: '张三', anonymous: i % 2 === 0 },
        }),
      ),
    );
    expect(await count('ledger_entry')).toBe(0);
    expect(await count('ledger_pending')).toBe(50);
    expect((await ledger.queued()).entries).toBe(50);
    expect(await ledger.seqsOf(queued.map((q) => q.pendingId))).toEqual(new Map());

    expect(await sequencer.integrateAll()).toBe(50);
    expect(await count('ledger_pending')).toBe(0);
    const rows: { seq: string; leaf_hash: string }[] = await ds.query(
      'SELECT seq, leaf_hash FROM ledger_entry ORDER BY seq',
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(gapless(50));
    const bySeq = await ledger.seqsOf(queued.map((q) => q.pendingId));
    expect([...bySeq.values()].sort((a, b) => a - b)).toEqual(gapless(50));
    // The stored subtrees give the same root as a verifier computing it from the leaves.
    const root = rootOf(rows.map((r) => r.leaf_hash.trim()));
    expect(await ctx.app.get(LedgerProofService).root(50)).toBe(root);
    // One signed head for the batch, over exactly that root.
    const head = await ctx.app.get(TreeHeadService).latest();
    expect(head).toMatchObject({ treeSize: 50, rootHash: root });
    const publicKey = createPublicKey(ctx.app.get(TreeHeadService).publicKeyPem);
    expect(verify(null, Buffer.from(treeHeadMessage(head)), publicKey, Buffer.from(head.signature, 'base64'))).toBe(
      true,
    );
    expect(await count("outbox_message WHERE job_name = 'sign-tree-head'")).toBe(0);
  });

  it('masks donor names and writes the canonical text the leaf commits to, at its integrated seq', async () => {
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
    await sequencer.integrateAll();
    const [a, b]: { seq: string; donor: string; canonical: string; occurred_at: Date }[] = await ds.query(
      'SELECT seq, donor, canonical, occurred_at FROM ledger_entry WHERE pending_id = ANY($1::bigint[]) ORDER BY seq',
      [[named.pendingId, anonymous.pendingId]],
    );
    expect(a.donor).toBe('欧**');
    expect(b.donor).toBe('爱心人士');
    expect(Number(b.seq)).toBe(Number(a.seq) + 1);
    expect(a.canonical).toBe(
      `{"amountFen":500,"campaignId":"${campaign}","donor":"欧**","kind":"DONATION","memo":"慈心一日捐","occurredAt":"${new Date(a.occurred_at).toISOString()}","quantity":null,"seq":${a.seq}}`,
    );
  });

  it.each<[string, NewLedgerEntry, RegExp]>([
    [
      'a donation of zero',
      { kind: LedgerKind.DONATION, amountFen: 0, campaignId: campaign },
      /^amountFen: 捐赠的金额须为不等于 0 的整数（单位：分）$/,
    ],
    ['a fractional amount', { kind: LedgerKind.DONATION, amountFen: 1.5, campaignId: campaign }, /amountFen/],
    [
      'a positive refund',
      { kind: LedgerKind.REFUND, amountFen: 100, campaignId: campaign },
      /^amountFen: 退款的金额须为负数$/,
    ],
    ['money without a campaign', { kind: LedgerKind.DONATION, amountFen: 100 }, /^campaignId: 捐赠须记在某个项目下$/],
    [
      'goods with an amount',
      { kind: LedgerKind.GOODS_IN, quantity: 3, amountFen: 100 },
      /^amountFen: 物资入库记的是物资，不能填金额$/,
    ],
    ['goods without a quantity', { kind: LedgerKind.GOODS_OUT }, /^quantity: 物资发放的物资数量须为大于 0 的整数$/],
  ])('refuses %s and queues nothing', async (_what, entry, message) => {
    const before = await count('ledger_pending');
    await expect(append(entry)).rejects.toThrow(message);
    expect(await count('ledger_pending')).toBe(before);
  });

  it('counts queued entries in the balance: refuses a debit that would overdraw, integrated or not', async () => {
    const small = randomUUID();
    await append({ kind: LedgerKind.DONATION, amountFen: 1000, campaignId: small });
    // Still queued, and already money the campaign holds.
    await append({ kind: LedgerKind.DISBURSEMENT, amountFen: -600, campaignId: small, memo: '购买棉被' });
    await sequencer.integrateAll();
    await expect(append({ kind: LedgerKind.DISBURSEMENT, amountFen: -401, campaignId: small })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `项目 ${small} 余额只有 400 分，不够支出 401 分`,
    });
    await append({ kind: LedgerKind.ALLOCATION, amountFen: -400, campaignId: small, memo: '调拨' });
    expect(await ledger.balance(ds.manager, small)).toBe(0);
    await sequencer.integrateAll();
    expect(await ledger.balance(ds.manager, small)).toBe(0);
    expect(await seqs()).toEqual(gapless(await count('ledger_entry')));
  });

  it('lets exactly the debits that fit through when 50 race to overdraw a campaign, while gifts and the sequencer run', async () => {
    const pot = randomUUID();
    await append({ kind: LedgerKind.DONATION, amountFen: 10_000, campaignId: pot });
    await sequencer.integrateAll();
    const results = await Promise.allSettled([
      ...Array.from({ length: 50 }, (_, i) =>
        append({ kind: LedgerKind.DISBURSEMENT, amountFen: -300, campaignId: pot, memo: `支出 ${i}` }),
      ),
      // Gifts to another campaign and batches integrating meanwhile: none of them waits on the debits.
      ...Array.from({ length: 20 }, () => append({ kind: LedgerKind.DONATION, amountFen: 1, campaignId: campaign })),
      sequencer.integrateBatch(),
      sequencer.integrateBatch(),
    ]);
    const debits = results.slice(0, 50);
    expect(debits.filter((r) => r.status === 'fulfilled')).toHaveLength(33);
    const refused = debits.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(17);
    for (const r of refused) expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    expect(results.slice(50).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await ledger.balance(ds.manager, pot)).toBe(100);
    await sequencer.integrateAll();
    expect(await ledger.balance(ds.manager, pot)).toBe(100);
    expect(await seqs()).toEqual(gapless(await count('ledger_entry')));
  });

  it('integrates gapless when appends and several sequencers run at once: each entry exactly once', async () => {
    const before = await count('ledger_entry');
    const appends = Array.from({ length: 120 }, (_, i) =>
      append({ kind: LedgerKind.GOODS_IN, quantity: i + 1, memo: `并发 ${i}` }),
    );
    const batches = Array.from({ length: 6 }, async () => {
      let n = 0;
      for (let round = 0; round < 5; round++) n += (await sequencer.integrateBatch()).integrated;
      return n;
    });
    const queued = await Promise.all(appends);
    const byBatches = (await Promise.all(batches)).reduce((a, b) => a + b, 0);
    const rest = await sequencer.integrateAll();
    expect(byBatches + rest).toBe(120);
    expect(await count('ledger_entry')).toBe(before + 120);
    expect(await seqs()).toEqual(gapless(before + 120));
    const found = await ledger.seqsOf(queued.map((q) => q.pendingId));
    expect(new Set(found.values()).size).toBe(120);
    // Every batch signed a head, and the last one covers the whole tree with the right root.
    const leaves: { leaf_hash: string }[] = await ds.query('SELECT leaf_hash FROM ledger_entry ORDER BY seq');
    expect(await ctx.app.get(TreeHeadService).latest()).toMatchObject({
      treeSize: before + 120,
      rootHash: rootOf(leaves.map((l) => l.leaf_hash.trim())),
    });
  });

  it('cannot be rewritten or removed by the application’s database role', async () => {
    await expect(ds.query(`UPDATE ledger_entry SET amount_fen = 1 WHERE seq = 0`)).rejects.toThrow(/append-only/);
    await expect(ds.query('DELETE FROM ledger_entry')).rejects.toThrow(/append-only/);
    await expect(ds.query('UPDATE ledger_node SET hash = hash')).rejects.toThrow(/append-only/);
    await expect(ds.query('TRUNCATE ledger_tree_head')).rejects.toThrow(/append-only/);
  });
});
