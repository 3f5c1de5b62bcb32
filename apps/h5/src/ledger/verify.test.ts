// @vitest-environment node
import { generateKeyPairSync, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
// The server's own ledger code makes the vectors: what the page checks is what the server proves.
import { canonicalJson, treeHeadMessage as serverHeadMessage } from '../../../../libs/ledger/src/canonical';
import {
  completedBy,
  leafHash,
  nodeId,
  plan,
  withNodes,
  type NodeKey,
} from '../../../../libs/ledger/src/merkle/rfc6962';
import {
  fieldsDifferingFromCanonical,
  leafHashOf,
  rootFromInclusionProof,
  treeHeadMessage,
  verifyConsistency,
  verifyLedgerEntry,
  verifyTreeHeadSignature,
  type Crypto,
  type EntryView,
  type InclusionProofView,
  type TreeHeadView,
} from './verify';

const SIZE = 37;
const CAMPAIGN = '7f0b3a52-1c1e-4d6a-9d51-3b8a2f0c9e11';

/** A ledger as the server keeps it: entries, and the perfect subtrees each append completes. */
function buildLedger(count: number) {
  const nodes = new Map<string, Buffer>();
  const entries: EntryView[] = [];
  for (let seq = 0; seq < count; seq++) {
    const fields = {
      seq,
      kind: seq % 5 === 4 ? 'REFUND' : 'DONATION',
      amountFen: seq % 5 === 4 ? -1000 : 1000 + seq * 100,
      quantity: null,
      campaignId: CAMPAIGN,
      donor: seq % 3 === 0 ? '爱心人士' : '张*',
      memo: `2026年慈心一日捐 SC2026${String(seq).padStart(6, '0')}`,
      occurredAt: new Date(Date.UTC(2026, 4, 1, 1, 0, seq)).toISOString(),
    };
    const canonical = canonicalJson(fields);
    const leaf = leafHash(canonical);
    for (const { key, hash } of completedBy(seq, leaf, (k) => nodes.get(nodeId(k))!)) nodes.set(nodeId(key), hash);
    entries.push({ ...fields, canonical, leafHash: leaf.toString('hex') });
  }
  const fetch = (keys: NodeKey[]) =>
    Promise.resolve(new Map(keys.map((k) => [nodeId(k), nodes.get(nodeId(k))!] as const)));
  return { entries, fetch };
}

const ledger = buildLedger(SIZE);
const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const otherKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function signedHead(size: number, at = '2026-05-01T01:05:00.000Z'): Promise<TreeHeadView> {
  const rootHash = (await withNodes(plan.root(size), ledger.fetch)).toString('hex');
  const message = serverHeadMessage({ rootHash, timestamp: at, treeSize: size });
  return {
    treeSize: size,
    rootHash,
    timestamp: at,
    signature: sign(null, Buffer.from(message), keys.privateKey).toString('base64'),
  };
}

async function inclusion(seq: number, size: number): Promise<InclusionProofView> {
  const auditPath = (await withNodes(plan.inclusion(seq, size), ledger.fetch)).map((h) => h.toString('hex'));
  return { leafIndex: seq, treeSize: size, leafHash: ledger.entries[seq].leafHash, auditPath };
}

const flip = (hex: string, at = 0): string =>
  hex.slice(0, at) + (parseInt(hex[at], 16) ^ 1).toString(16) + hex.slice(at + 1);

describe('the browser verifier against proofs made by the server code', () => {
  let head: TreeHeadView;
  beforeAll(async () => {
    head = await signedHead(SIZE);
  });

  it('computes the leaf hash the server stored', async () => {
    for (const e of ledger.entries) expect(await leafHashOf(e.canonical)).toBe(e.leafHash);
  });

  it('signs and checks the same head text as the server', () => {
    expect(treeHeadMessage(head)).toBe(
      serverHeadMessage({ rootHash: head.rootHash, timestamp: head.timestamp, treeSize: head.treeSize }),
    );
  });

  it('verifies every entry of the ledger against the signed head', async () => {
    for (const entry of ledger.entries) {
      const report = await verifyLedgerEntry({ entry, head, proof: await inclusion(entry.seq, SIZE), publicKeyPem });
      expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      expect(report.verified).toBe(true);
      expect(report.computedRoot).toBe(head.rootHash);
      expect(report.engine).toBe('webcrypto');
    }
  });

  it('proves every leaf of every tree size from 1 to the whole ledger', async () => {
    for (let size = 1; size <= SIZE; size++) {
      const root = (await signedHead(size)).rootHash;
      for (let seq = 0; seq < size; seq++) {
        const proof = await inclusion(seq, size);
        expect(await rootFromInclusionProof(seq, size, proof.leafHash, proof.auditPath)).toBe(root);
      }
    }
  });

  describe('refuses "已验证" when anything was tampered with', () => {
    const seq = 21;
    const entry = () => ledger.entries[seq];

    it('an entry rewritten after it was signed (its leaf hash recomputed to match)', async () => {
      const canonical = entry().canonical.replace('"amountFen":3100', '"amountFen":310');
      expect(canonical).not.toBe(entry().canonical);
      const forged = { ...entry(), amountFen: 310, canonical, leafHash: await leafHashOf(canonical) };
      const report = await verifyLedgerEntry({ entry: forged, head, proof: await inclusion(seq, SIZE), publicKeyPem });
      expect(report.verified).toBe(false);
      expect(report.checks.find((c) => c.name === 'inclusion')?.ok).toBe(false);
    });

    it('a page that shows another amount than the signed text', async () => {
      const shown = { ...entry(), amountFen: 310 };
      expect(fieldsDifferingFromCanonical(shown)).toEqual(['amountFen']);
      const report = await verifyLedgerEntry({ entry: shown, head, proof: await inclusion(seq, SIZE), publicKeyPem });
      expect(report.verified).toBe(false);
      expect(report.checks.find((c) => c.name === 'fields')?.ok).toBe(false);
    });

    it('a flipped bit anywhere in the audit path', async () => {
      const proof = await inclusion(seq, SIZE);
      for (let i = 0; i < proof.auditPath.length; i++) {
        const bad = { ...proof, auditPath: proof.auditPath.map((h, j) => (j === i ? flip(h, 5) : h)) };
        expect((await verifyLedgerEntry({ entry: entry(), head, proof: bad, publicKeyPem })).verified).toBe(false);
      }
    });

    it("another entry's proof, a shortened path, a wrong tree size", async () => {
      const other = await inclusion(seq + 1, SIZE);
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: other, publicKeyPem })).verified).toBe(false);
      const proof = await inclusion(seq, SIZE);
      const short = { ...proof, auditPath: proof.auditPath.slice(0, -1) };
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: short, publicKeyPem })).verified).toBe(false);
      const smaller = await inclusion(seq, SIZE - 1);
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: smaller, publicKeyPem })).verified).toBe(false);
    });

    it('a head whose root, size or time was changed after signing, or signed by another key', async () => {
      const proof = await inclusion(seq, SIZE);
      const variants: [TreeHeadView, string][] = [
        [{ ...head, rootHash: flip(head.rootHash, 10) }, publicKeyPem],
        [{ ...head, timestamp: '2026-05-01T01:05:01.000Z' }, publicKeyPem],
        [{ ...head, signature: Buffer.from(head.signature, 'base64').fill(7, 0, 1).toString('base64') }, publicKeyPem],
        [head, otherKeyPem],
      ];
      for (const [h, key] of variants) {
        const report = await verifyLedgerEntry({ entry: entry(), head: h, proof, publicKeyPem: key });
        expect(report.verified).toBe(false);
      }
    });
  });

  describe('consistency between two signed heads', () => {
    it('accepts every earlier size the server proves consistent, and nothing flipped', async () => {
      for (let first = 1; first < SIZE; first++) {
        const earlier = await signedHead(first);
        const proof = (await withNodes(plan.consistency(first, SIZE), ledger.fetch)).map((h) => h.toString('hex'));
        expect(await verifyConsistency(first, SIZE, earlier.rootHash, head.rootHash, proof)).toBe(true);
        if (proof.length > 0) {
          const bad = [...proof];
          bad[bad.length - 1] = flip(bad[bad.length - 1], 3);
          expect(await verifyConsistency(first, SIZE, earlier.rootHash, head.rootHash, bad)).toBe(false);
        }
        expect(await verifyConsistency(first, SIZE, flip(earlier.rootHash, 1), head.rootHash, proof)).toBe(false);
      }
    });

    it('fails the entry when the ledger was rewritten since the head this phone saw before', async () => {
      const seq = 3;
      const earlier = await signedHead(10);
      const forgedEarlier = { ...earlier, rootHash: flip(earlier.rootHash, 0) };
      const proof = (await withNodes(plan.consistency(10, SIZE), ledger.fetch)).map((h) => h.toString('hex'));
      const ok = await verifyLedgerEntry({
        entry: ledger.entries[seq],
        head,
        proof: await inclusion(seq, SIZE),
        publicKeyPem,
        earlier: { head: earlier, proof },
      });
      expect(ok.verified).toBe(true);
      const bad = await verifyLedgerEntry({
        entry: ledger.entries[seq],
        head,
        proof: await inclusion(seq, SIZE),
        publicKeyPem,
        earlier: { head: forgedEarlier, proof },
      });
      expect(bad.verified).toBe(false);
      expect(bad.checks.find((c) => c.name === 'consistency')?.ok).toBe(false);
    });
  });

  describe('where the browser has no Ed25519 (some WeChat webviews)', () => {
    const withoutEd25519: Crypto = {
      subtle: new Proxy(globalThis.crypto.subtle, {
        get(target, prop) {
          if (prop === 'importKey')
            return (...args: Parameters<SubtleCrypto['importKey']>) => {
              const algorithm = args[2];
              const name = typeof algorithm === 'string' ? algorithm : algorithm.name;
              if (name === 'Ed25519') return Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'));
              return target.importKey(...args);
            };
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    };

    it('checks the signature with @noble/ed25519 instead, and still refuses a bad one', async () => {
      const good = await verifyTreeHeadSignature(head, publicKeyPem, withoutEd25519);
      expect(good).toEqual({ valid: true, engine: 'noble' });
      const tampered = await verifyTreeHeadSignature(
        { ...head, treeSize: head.treeSize + 1 },
        publicKeyPem,
        withoutEd25519,
      );
      expect(tampered).toEqual({ valid: false, engine: 'noble' });
      const report = await verifyLedgerEntry(
        { entry: ledger.entries[0], head, proof: await inclusion(0, SIZE), publicKeyPem },
        withoutEd25519,
      );
      expect(report).toMatchObject({ verified: true, engine: 'noble' });
    });
  });
});
