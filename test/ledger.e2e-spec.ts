import { Transactions } from '@shanchou/core';
import { ledgerKeyId, LedgerKeys, LedgerKind, LedgerService, LedgerSigningKey, NewLedgerEntry } from '@shanchou/ledger';
import { headMessage, keyIdOf, verifyConsistency, verifyInclusion, verifyLedger } from '@shanchou/ledger-verifier';
import { createTestApp, createTestDatabase, TestApp, TestDatabase, waitFor } from '@shanchou/test';
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

interface Head {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  keyId: string;
}
interface Key {
  keyId: string;
  publicKey: string;
  firstTreeSize: number | null;
  lastTreeSize: number | null;
  retiredAt: string | null;
}
const HEAD = '{ ledgerTreeHead { treeSize rootHash timestamp signature keyId } }';
const KEYS = '{ ledgerPublicKeys { keyId publicKey firstTreeSize lastTreeSize retiredAt } }';

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
    // The head names its key: the one key listed, whose id is the SHA-256 of its SPKI DER.
    const { ledgerPublicKeys } = (await t.gql<{ ledgerPublicKeys: Key[] }>(KEYS)).data!;
    expect(ledgerPublicKeys).toEqual([
      {
        keyId: signed.keyId,
        publicKey: ledgerPublicKey,
        firstTreeSize: expect.any(Number) as unknown,
        lastTreeSize: 14,
        retiredAt: null,
      },
    ]);
    expect(signed.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(keyIdOf(ledgerPublicKey)).toBe(signed.keyId);
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
    expect(tooBig.errors![0].message).toBe('treeSize: 须在 1 到账本当前条数 14 之间');
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
    const beyond = await t.gql('{ ledgerConsistencyProof(first: 14, second: 16) }');
    expect(beyond.errors![0]).toMatchObject({
      message: 'second: 须在 1 到账本当前条数 15 之间',
      extensions: { code: 'BAD_USER_INPUT', field: 'second' },
    });
    const backwards = await t.gql('{ ledgerConsistencyProof(first: 15, second: 14) }');
    expect(backwards.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
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
    expect(clean.keysUsed).toEqual([(await head()).keyId]);

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

describe('signing keys that can change (a rotation, a leaked key, heads from before keys had ids)', () => {
  let database: TestDatabase;
  let dir: string;
  let keyA: string;
  let keyB: string;
  let loadedTemplate = false;
  const campaign = randomUUID();

  /** One process of the platform on the shared database (on disk when embedded, as a restart), signing with `keyFile`. */
  async function start(keyFile: string): Promise<TestApp> {
    const template = loadedTemplate ? undefined : database.pgliteTemplate;
    loadedTemplate = true;
    return createTestApp({
      database,
      listen: true,
      env: { DATA_DIR: dir, LEDGER_SIGNING_KEY_PATH: keyFile },
      core: { database: { inMemory: false, pgliteTemplate: template, runMigrations: false } },
    });
  }
  /** Appends and integrates one gift at a time: one signed head each. */
  async function gifts(t: TestApp, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await t.app
        .get(Transactions)
        .run((tx) =>
          t.app.get(LedgerService).append(tx, { kind: LedgerKind.DONATION, amountFen: 100 + i, campaignId: campaign }),
        );
      await t.integrateLedger();
    }
  }
  const heads = async (t: TestApp) =>
    (
      await t.gql<{ ledgerTreeHeads: Head[] }>(
        '{ ledgerTreeHeads(first: 50) { treeSize rootHash timestamp signature keyId } }',
      )
    ).data!.ledgerTreeHeads;
  /** A superuser's UPDATE of tree heads, past the guard that refuses the application's. */
  const rewriteHeads = (t: TestApp, update: string, params: unknown[] = []) =>
    t.app.get(DataSource).transaction(async (m) => {
      await m.query('ALTER TABLE ledger_tree_head DISABLE TRIGGER ledger_tree_head_guard');
      await m.query(`UPDATE ledger_tree_head ${update}`, params);
      await m.query('ALTER TABLE ledger_tree_head ENABLE TRIGGER ledger_tree_head_guard');
    });
  const keys = async (t: TestApp) => (await t.gql<{ ledgerPublicKeys: Key[] }>(KEYS)).data!.ledgerPublicKeys;
  const idOf = (file: string) => ledgerKeyId(createPublicKey(readFileSync(file, 'utf8')));
  const pemOf = (file: string) =>
    createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-keys-'));
    keyA = path.join(dir, 'ledger-key-a.pem');
    keyB = path.join(dir, 'ledger-key-b.pem');
    for (const file of [keyA, keyB]) writeFileSync(file, LedgerSigningKey.generatePem(), { mode: 0o600, flag: 'wx' });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a rotation every head verifies with the key it names: the API, the verifier, consistency across', async () => {
    expect(statSync(keyA).mode & 0o777).toBe(0o600);
    const a = await start(keyA);
    await gifts(a, 3);
    const beforeRotation = (await heads(a))[0];
    expect(beforeRotation).toMatchObject({ treeSize: 3, keyId: idOf(keyA) });
    await a.close();

    const b = await start(keyB);
    try {
      await gifts(b, 3);
      const all = await heads(b);
      expect(all.map((h) => [h.treeSize, h.keyId])).toEqual([
        [6, idOf(keyB)],
        [5, idOf(keyB)],
        [4, idOf(keyB)],
        [3, idOf(keyA)],
        [2, idOf(keyA)],
        [1, idOf(keyA)],
      ]);
      const listed = await keys(b);
      expect(listed).toEqual([
        { keyId: idOf(keyA), publicKey: pemOf(keyA), firstTreeSize: 1, lastTreeSize: 3, retiredAt: null },
        { keyId: idOf(keyB), publicKey: pemOf(keyB), firstTreeSize: 4, lastTreeSize: 6, retiredAt: null },
      ]);
      // ledgerPublicKey stays the key that signs now.
      expect((await b.gql<{ ledgerPublicKey: string }>('{ ledgerPublicKey }')).data!.ledgerPublicKey).toBe(
        listed[1].publicKey,
      );
      // Each head with the public key its keyId names, and with no other.
      for (const h of all) {
        const own = listed.find((k) => k.keyId === h.keyId)!;
        const other = listed.find((k) => k.keyId !== h.keyId)!;
        const text = Buffer.from(headMessage(h));
        expect(verify(null, text, createPublicKey(own.publicKey), Buffer.from(h.signature, 'base64'))).toBe(true);
        expect(verify(null, text, createPublicKey(other.publicKey), Buffer.from(h.signature, 'base64'))).toBe(false);
      }
      // The old key's last head proves consistent with the new key's.
      const proof = (
        await b.gql<{ ledgerConsistencyProof: string[] }>('{ ledgerConsistencyProof(first: 3, second: 6) }')
      ).data!.ledgerConsistencyProof;
      expect(verifyConsistency(3, 6, beforeRotation.rootHash, all[0].rootHash, proof)).toBe(true);

      // The outside verifier, from the head it verified before the rotation (its --state).
      const report = await verifyLedger(b.baseUrl!, { previous: beforeRotation });
      expect(report).toMatchObject({ ok: true, problems: [], entries: 6, checkedConsistencyFrom: 3, headsChecked: 6 });
      expect(report.keysUsed).toEqual([idOf(keyA), idOf(keyB)]);
      // A state file written before heads named their key still checks out.
      const { keyId: _unnamed, ...legacyState } = beforeRotation;
      expect((await verifyLedger(b.baseUrl!, { previous: legacyState })).ok).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('a leaked key is retired: it signs no more, its heads still verify, a process holding it refuses to start', async () => {
    const b = await start(keyB);
    try {
      expect(await b.app.get(LedgerKeys).retire(idOf(keyA), '测试：旧密钥泄露，已更换')).toBe(true);
      expect(await b.app.get(LedgerKeys).retire(idOf(keyA), '再来一次')).toBe(false);
      const listed = await keys(b);
      expect(listed[0]).toMatchObject({ keyId: idOf(keyA), lastTreeSize: 3, retiredAt: expect.any(String) as unknown });
      expect((await verifyLedger(b.baseUrl!)).ok).toBe(true);
      // The database refuses a head signed with the retired key, whoever sends it.
      await expect(
        b.app
          .get(DataSource)
          .query(
            `INSERT INTO ledger_tree_head (tree_size, root_hash, signed_at, signature, key_id) VALUES (999, $1, now(), 'x', $2)`,
            ['0'.repeat(64), idOf(keyA)],
          ),
      ).rejects.toThrow(/is retired/);
    } finally {
      await b.close();
    }
    await expect(start(keyA)).rejects.toThrow(/已于 .* 停用（测试：旧密钥泄露，已更换）/);
  });

  it('a forged head naming the wrong key fails the verifier', async () => {
    const b = await start(keyB);
    try {
      // A superuser relabels a head of the new key as signed by the old one.
      await rewriteHeads(b, 'SET key_id = $1 WHERE tree_size = 5', [idOf(keyA)]);
      const report = await verifyLedger(b.baseUrl!);
      expect(report.ok).toBe(false);
      expect(report.problems).toContain(
        `the signature of the earlier tree head of size 5 does not verify with the key it names (${idOf(keyA)})`,
      );
      await rewriteHeads(b, 'SET key_id = $1 WHERE tree_size = 5', [idOf(keyB)]);
      expect((await verifyLedger(b.baseUrl!)).ok).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('heads from before heads named their key get the key they verify with at boot; one no key verifies stops the start', async () => {
    let b = await start(keyB);
    // As the migration leaves them: no key named.
    await rewriteHeads(b, 'SET key_id = NULL');
    await b.close();

    b = await start(keyB);
    try {
      const named: { tree_size: string; key_id: string | null }[] = await b.app
        .get(DataSource)
        .query('SELECT tree_size, key_id FROM ledger_tree_head ORDER BY tree_size');
      // Each gets the key its signature verifies with: the current one, and the retired one for its own.
      expect(named.map((r) => [Number(r.tree_size), r.key_id])).toEqual([
        [1, idOf(keyA)],
        [2, idOf(keyA)],
        [3, idOf(keyA)],
        [4, idOf(keyB)],
        [5, idOf(keyB)],
        [6, idOf(keyB)],
      ]);
      // The guard lets a head's key be named once, nothing else.
      await expect(
        b.app.get(DataSource).query(`UPDATE ledger_tree_head SET key_id = $1 WHERE tree_size = 4`, [idOf(keyA)]),
      ).rejects.toThrow(/append-only/);
      // A head no known key verifies (here: its signature rewritten).
      await rewriteHeads(b, 'SET key_id = NULL, signature = $1 WHERE tree_size = 2', [
        Buffer.alloc(64, 7).toString('base64'),
      ]);
    } finally {
      await b.close();
    }
    await expect(start(keyB)).rejects.toThrow(/第 2 版账本树头的签名不能用当前签名密钥 .* 或任何已登记的公钥验证/);
  });
});
