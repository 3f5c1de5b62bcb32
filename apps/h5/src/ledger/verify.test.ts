// @vitest-environment node
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { treeHeadMessage as serverHeadMessage } from '../../../../libs/ledger/src/canonical';
import { serverLedger } from '../testing/ledger-vectors';
import {
  fieldsDifferingFromCanonical,
  leafHashOf,
  rootFromInclusionProof,
  treeHeadMessage,
  verifyConsistency,
  verifyLedgerEntry,
  verifyTreeHeadSignature,
  type Crypto,
  type TreeHeadView,
} from './verify';

const SIZE = 37;
const ledger = serverLedger(SIZE);
const { publicKeyPem, inclusion } = ledger;
const signedHead = (size: number) => ledger.head(size);
const otherKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

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
        const proof = await ledger.consistency(first, SIZE);
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
      const proof = await ledger.consistency(10, SIZE);
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
