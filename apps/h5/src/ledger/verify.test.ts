// @vitest-environment node
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { treeHeadMessage as serverHeadMessage } from '../../../../libs/ledger/src/canonical';
import { serverLedger } from '../testing/ledger-vectors';
import {
  fieldsDifferingFromCanonical,
  keyIdOf,
  leafHashOf,
  rootFromInclusionProof,
  treeHeadMessage,
  verifyConsistency,
  verifyLedgerEntry,
  verifyHeadWithKeys,
  verifyTreeHeadSignature,
  type Crypto,
  type LedgerKeyView,
  type TreeHeadView,
} from './verify';

const SIZE = 37;
const ledger = serverLedger(SIZE);
const { publicKeyPem, keys, inclusion } = ledger;
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
      const report = await verifyLedgerEntry({ entry, head, proof: await inclusion(entry.seq, SIZE), keys });
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
      const report = await verifyLedgerEntry({ entry: forged, head, proof: await inclusion(seq, SIZE), keys });
      expect(report.verified).toBe(false);
      expect(report.checks.find((c) => c.name === 'inclusion')?.ok).toBe(false);
    });

    it('a page that shows another amount than the signed text', async () => {
      const shown = { ...entry(), amountFen: 310 };
      expect(fieldsDifferingFromCanonical(shown)).toEqual(['amountFen']);
      const report = await verifyLedgerEntry({ entry: shown, head, proof: await inclusion(seq, SIZE), keys });
      expect(report.verified).toBe(false);
      expect(report.checks.find((c) => c.name === 'fields')?.ok).toBe(false);
    });

    it('a flipped bit anywhere in the audit path', async () => {
      const proof = await inclusion(seq, SIZE);
      for (let i = 0; i < proof.auditPath.length; i++) {
        const bad = { ...proof, auditPath: proof.auditPath.map((h, j) => (j === i ? flip(h, 5) : h)) };
        expect((await verifyLedgerEntry({ entry: entry(), head, proof: bad, keys })).verified).toBe(false);
      }
    });

    it("another entry's proof, a shortened path, a wrong tree size", async () => {
      const other = await inclusion(seq + 1, SIZE);
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: other, keys })).verified).toBe(false);
      const proof = await inclusion(seq, SIZE);
      const short = { ...proof, auditPath: proof.auditPath.slice(0, -1) };
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: short, keys })).verified).toBe(false);
      const smaller = await inclusion(seq, SIZE - 1);
      expect((await verifyLedgerEntry({ entry: entry(), head, proof: smaller, keys })).verified).toBe(false);
    });

    it('a head whose root, size or time was changed after signing, or signed by another key', async () => {
      const proof = await inclusion(seq, SIZE);
      const otherKeys: LedgerKeyView[] = [{ ...keys[0], keyId: await keyIdOf(otherKeyPem), publicKey: otherKeyPem }];
      const variants: [TreeHeadView, LedgerKeyView[]][] = [
        [{ ...head, rootHash: flip(head.rootHash, 10) }, keys],
        [{ ...head, timestamp: '2026-05-01T01:05:01.000Z' }, keys],
        [{ ...head, signature: Buffer.from(head.signature, 'base64').fill(7, 0, 1).toString('base64') }, keys],
        // Another key listed, or listed under this key's id, or a head naming a key not listed.
        [head, otherKeys],
        [head, [{ ...keys[0], publicKey: otherKeyPem }]],
        [{ ...head, keyId: otherKeys[0].keyId }, keys],
      ];
      for (const [h, listed] of variants) {
        const report = await verifyLedgerEntry({ entry: entry(), head: h, proof, keys: listed });
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
        keys,
        earlier: { head: earlier, proof },
      });
      expect(ok.verified).toBe(true);
      const bad = await verifyLedgerEntry({
        entry: ledger.entries[seq],
        head,
        proof: await inclusion(seq, SIZE),
        keys,
        earlier: { head: forgedEarlier, proof },
      });
      expect(bad.verified).toBe(false);
      expect(bad.checks.find((c) => c.name === 'consistency')?.ok).toBe(false);
    });
  });

  describe('across a key rotation (heads of size 20 and up signed by a second key)', () => {
    const rotated = serverLedger(SIZE, { rotateAt: 20 });
    const [first, second] = rotated.keys;

    it('computes the key ids the server gives: SHA-256 of the SPKI DER', async () => {
      for (const k of rotated.keys) expect(await keyIdOf(k.publicKey)).toBe(k.keyId);
      expect(first.keyId).not.toBe(second.keyId);
    });

    it('verifies every head with the key it names, and the consistency from a head of the old key', async () => {
      for (const size of [1, 19, 20, 37]) {
        const h = await rotated.head(size);
        expect(h.keyId).toBe(size < 20 ? first.keyId : second.keyId);
        expect((await verifyHeadWithKeys(h, rotated.keys)).valid).toBe(true);
      }
      const latest = await rotated.head(SIZE);
      const earlier = await rotated.head(15);
      for (const entry of rotated.entries) {
        const report = await verifyLedgerEntry({
          entry,
          head: latest,
          proof: await rotated.inclusion(entry.seq, SIZE),
          keys: rotated.keys,
          earlier: { head: earlier, proof: await rotated.consistency(15, SIZE) },
        });
        expect(report.checks.filter((c) => !c.ok)).toEqual([]);
      }
      // An old head checked on its own, with the old key only listed beside the new one.
      const old = await rotated.head(7);
      const report = await verifyLedgerEntry({
        entry: rotated.entries[3],
        head: old,
        proof: await rotated.inclusion(3, 7),
        keys: rotated.keys,
      });
      expect(report.verified).toBe(true);
    });

    it('refuses a head naming the wrong key, an unlisted key, or a key outside the sizes it signed', async () => {
      const latest = await rotated.head(SIZE);
      const old = await rotated.head(15);
      expect((await verifyHeadWithKeys({ ...latest, keyId: first.keyId }, rotated.keys)).valid).toBe(false);
      expect((await verifyHeadWithKeys({ ...old, keyId: second.keyId }, rotated.keys)).valid).toBe(false);
      expect((await verifyHeadWithKeys(latest, [first])).valid).toBe(false);
      // Whoever holds a retired key signs a head of a size that key never signed (a leaked key).
      const byOldKey = serverLedger(SIZE);
      const forged = { ...(await byOldKey.head(30)), keyId: byOldKey.keys[0].keyId };
      const withLeaked: LedgerKeyView[] = [{ ...byOldKey.keys[0], lastTreeSize: 19 }, second];
      expect((await verifyHeadWithKeys(forged, withLeaked)).valid).toBe(false);
      expect((await verifyHeadWithKeys(forged, [byOldKey.keys[0]])).valid).toBe(true);
      // A key served under another key's id.
      const swapped = [{ ...first }, { ...second, publicKey: first.publicKey }];
      expect((await verifyHeadWithKeys(latest, swapped)).valid).toBe(false);
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
        { entry: ledger.entries[0], head, proof: await inclusion(0, SIZE), keys },
        withoutEd25519,
      );
      expect(report).toMatchObject({ verified: true, engine: 'noble' });
    });
  });
});
