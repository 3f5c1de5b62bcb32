import { Transactions } from '@shanchou/core';
import { LedgerKind, LedgerService, NewLedgerEntry } from '@shanchou/ledger';
import { headMessage, verifyConsistency, verifyInclusion, verifyLedger } from '@shanchou/ledger-verifier';
import { createTestApp, TestApp, waitFor } from '@shanchou/test';
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { DataSource } from 'typeorm';

interface Head {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
}
const HEAD = '{ ledgerTreeHead { treeSize rootHash timestamp signature } }';

describe('public ledger (GraphQL, CSV, signed heads, proofs, verifier)', () => {
  let t: TestApp;
  const cixin = randomUUID();
  const dangfei = randomUUID();

  const append = (entry: NewLedgerEntry) =>
    t.app.get(Transactions).run((tx) => t.app.get(LedgerService).append(tx, entry));
  const head = async () => (await t.gql<{ ledgerTreeHead: Head }>(HEAD)).data!.ledgerTreeHead;
  async function headCovering(size: number): Promise<Head> {
    await waitFor(`a signed head of size ${size}`, async () => (await head()).treeSize === size);
    return head();
  }

  beforeAll(async () => {
    // The sequencer runs as in production, integrating every 50 ms.
    t = await createTestApp({ listen: true, worker: { relayPollMs: 50 }, env: { LEDGER_MERGE_INTERVAL_MS: '50' } });
    for (let i = 0; i < 12; i++) {
      await append({
        kind: LedgerKind.DONATION,
        amountFen: 1000 + i,
        campaignId: i % 3 === 0 ? dangfei : cixin,
        donor: { name: '王五', anonymous: i === 4 },
      });
    }
    await append({ kind: LedgerKind.REFUND, amountFen: -1001, campaignId: cixin, memo: '捐赠人申请退款' });
    await append({ kind: LedgerKind.GOODS_IN, quantity: 20, memo: '=HYPERLINK("x") 冬衣, 20 件' });
    await headCovering(14);
  });
  afterAll(() => t.close());

  it('signs a tree head after each batch the sequencer integrates, verifying with the published key', async () => {
    const signed = await headCovering(14);
    const { ledgerPublicKey } = (await t.gql<{ ledgerPublicKey: string }>('{ ledgerPublicKey }')).data!;
    expect(ledgerPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const message = `{"rootHash":"${signed.rootHash}","timestamp":"${signed.timestamp}","treeSize":14}`;
    expect(headMessage(signed)).toBe(message);
    expect(
      verify(null, Buffer.from(message), createPublicKey(ledgerPublicKey), Buffer.from(signed.signature, 'base64')),
    ).toBe(true);
  });

  it('pages entries in seq order with the total of everything that matches', async () => {
    type Page = {
      ledger: {
        entries: { seq: number; amountFen: number; donor: string }[];
        nextAfter: number | null;
        totalFen: number;
      };
    };
    const first = (
      await t.gql<Page>(
        `{ ledger(campaignId: "${cixin}", first: 3) { entries { seq amountFen donor } nextAfter totalFen } }`,
      )
    ).data!.ledger;
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 4]);
    expect(first.entries.map((e) => e.donor)).toEqual(['王*', '王*', '爱心人士']);
    expect(first.nextAfter).toBe(4);
    const cixinGifts = [1, 2, 4, 5, 7, 8, 10, 11].map((i) => 1000 + i);
    expect(first.totalFen).toBe(cixinGifts.reduce((a, b) => a + b, 0) - 1001);
    const rest = (
      await t.gql<Page>(`{ ledger(campaignId: "${cixin}", after: 4, first: 100) { entries { seq } nextAfter } }`)
    ).data!.ledger;
    expect(rest.entries.map((e) => e.seq)).toEqual([5, 7, 8, 10, 11, 12]);
    expect(rest.nextAfter).toBeNull();
    const totals = await t.gql<{
      ledgerTotals: { kind: string; amountFen: number; quantity: number; entries: number }[];
    }>('{ ledgerTotals { kind amountFen quantity entries } }');
    expect(totals.data!.ledgerTotals).toEqual([
      {
        kind: 'DONATION',
        amountFen: Array.from({ length: 12 }, (_, i) => 1000 + i).reduce((a, b) => a + b, 0),
        quantity: 0,
        entries: 12,
      },
      { kind: 'REFUND', amountFen: -1001, quantity: 0, entries: 1 },
      { kind: 'GOODS_IN', amountFen: 0, quantity: 20, entries: 1 },
    ]);
  });

  it('proves any entry is in the signed tree', async () => {
    const signed = await headCovering(14);
    for (const seq of [0, 7, 13]) {
      const res = await t.gql<{
        ledgerInclusionProof: { leafIndex: number; treeSize: number; leafHash: string; auditPath: string[] };
      }>(`{ ledgerInclusionProof(seq: ${seq}, treeSize: 14) { leafIndex treeSize leafHash auditPath } }`);
      const proof = res.data!.ledgerInclusionProof;
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, proof.leafHash, proof.auditPath, signed.rootHash)).toBe(
        true,
      );
    }
    const bad = await t.gql('{ ledgerInclusionProof(seq: 14, treeSize: 14) { leafHash } }');
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'seq' } });
    const tooBig = await t.gql('{ ledgerInclusionProof(seq: 0, treeSize: 999) { leafHash } }');
    expect(tooBig.errors![0].message).toMatch(/^treeSize: must be between 1 and the ledger's size, 14/);
  });

  it('proves a later head extends an earlier one', async () => {
    const earlier = await headCovering(14);
    await append({
      kind: LedgerKind.DONATION,
      amountFen: 100,
      campaignId: dangfei,
      donor: { name: '赵六', anonymous: false },
    });
    const later = await headCovering(15);
    const { ledgerConsistencyProof } = (
      await t.gql<{ ledgerConsistencyProof: string[] }>('{ ledgerConsistencyProof(first: 14, second: 15) }')
    ).data!;
    expect(verifyConsistency(14, 15, earlier.rootHash, later.rootHash, ledgerConsistencyProof)).toBe(true);
    const history = await t.gql<{ ledgerTreeHeads: Head[] }>('{ ledgerTreeHeads(first: 2) { treeSize } }');
    expect(history.data!.ledgerTreeHeads.map((h) => h.treeSize)).toEqual([15, 14]);
  });

  it('streams the ledger as CSV for Excel: BOM, yuan beside fen, no formulas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ledger.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('seq,kind,amount_fen,amount_yuan,quantity,campaign_id,donor,memo,occurred_at,leaf_hash');
    expect(lines).toHaveLength(16);
    expect(lines[13]).toMatch(/^12,REFUND,-1001,-10\.01,,/);
    expect(lines[14]).toContain(`,"'=HYPERLINK(""x"") 冬衣, 20 件",`);
    const one = await t.app.inject({ method: 'GET', url: `/ledger.csv?campaignId=${dangfei}` });
    expect(one.body.trim().split('\r\n')).toHaveLength(1 + 5);
    const bad = await t.app.inject({ method: 'GET', url: '/ledger.csv?campaignId=nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'campaignId' });
  });

  it('passes the independent verifier, and a row edited in the database by a superuser is caught', async () => {
    await headCovering(15);
    const clean = await verifyLedger(t.baseUrl!);
    expect(clean).toMatchObject({ ok: true, problems: [], entries: 15, checkedConsistencyFrom: 14 });

    // A superuser (not the application) turns the guard off and rewrites one gift.
    await t.app.get(DataSource).transaction(async (m) => {
      await m.query('ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only');
      await m.query(`UPDATE ledger_entry SET amount_fen = 100000 WHERE seq = 3`);
      await m.query('ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only');
    });
    const edited = await verifyLedger(t.baseUrl!);
    expect(edited.ok).toBe(false);
    expect(edited.problems).toContain('entry 3: its fields do not match its canonical text');
    expect(edited.problems).toContain(`the entries 0–14 do not hash to the signed root ${(await head()).rootHash}`);
  });

  it('catches a rewrite that kept the canonical text and leaf hash in step', async () => {
    const ds = t.app.get(DataSource);
    const [row]: { canonical: string }[] = await ds.query('SELECT canonical FROM ledger_entry WHERE seq = 5');
    const canonical = row.canonical.replace(/"amountFen":\d+/, '"amountFen":1');
    const { leafHashOf } = await import('@shanchou/ledger-verifier');
    await ds.transaction(async (m) => {
      await m.query('ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only');
      await m.query('UPDATE ledger_entry SET amount_fen = 1, canonical = $1, leaf_hash = $2 WHERE seq = 5', [
        canonical,
        leafHashOf(canonical),
      ]);
      await m.query('ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only');
    });
    const report = await verifyLedger(t.baseUrl!);
    expect(report.problems.some((p) => p.startsWith('entry 5'))).toBe(false);
    expect(report.problems).toContain(`the entries 0–14 do not hash to the signed root ${(await head()).rootHash}`);
  });
});

describe('tree heads under a burst of appends', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LEDGER_MERGE_INTERVAL_MS: '50' } });
  });
  afterAll(() => t.close());

  it('integrates a burst in batches, one signed head each, every head a consistent prefix of the last', async () => {
    const campaign = randomUUID();
    const appendOne = () =>
      t.app
        .get(Transactions)
        .run((tx) =>
          t.app.get(LedgerService).append(tx, { kind: LedgerKind.DONATION, amountFen: 1, campaignId: campaign }),
        );
    await Promise.all(Array.from({ length: 30 }, appendOne));
    await waitFor('a head covering all 30 entries', async () => {
      const res = await t.gql<{ ledgerTreeHead: { treeSize: number } }>('{ ledgerTreeHead { treeSize } }');
      return res.data!.ledgerTreeHead.treeSize === 30;
    });
    const heads: { tree_size: string; root_hash: string }[] = await t.app
      .get(DataSource)
      .query('SELECT tree_size, root_hash FROM ledger_tree_head ORDER BY tree_size');
    const last = heads[heads.length - 1];
    // A head of the empty tree (signed on demand before the burst) has nothing to prove.
    for (const h of heads.slice(0, -1).filter((x) => Number(x.tree_size) > 0)) {
      const proof = (
        await t.gql<{ ledgerConsistencyProof: string[] }>(
          `{ ledgerConsistencyProof(first: ${Number(h.tree_size)}, second: 30) }`,
        )
      ).data!.ledgerConsistencyProof;
      expect(verifyConsistency(Number(h.tree_size), 30, h.root_hash, last.root_hash, proof)).toBe(true);
    }
    const seqs: { seq: string }[] = await t.app.get(DataSource).query('SELECT seq FROM ledger_entry ORDER BY seq');
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});
