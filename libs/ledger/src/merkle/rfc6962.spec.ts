import { rootOf, verifyConsistency, verifyInclusion } from '@shanchou/ledger-verifier';
import { createHash } from 'node:crypto';
import { completedBy, leafHash, leftSiblingsOf, NodeKey, nodeId, plan, withNodes } from './rfc6962';

/** RFC 6962 §2.1's MTH, written as the RFC writes it: the reference. */
function referenceMth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1)
    return createHash('sha256')
      .update(Buffer.from([0]))
      .update(leaves[0])
      .digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(referenceMth(leaves.slice(0, k)))
    .update(referenceMth(leaves.slice(k)))
    .digest();
}

/** A tree kept the way the ledger keeps it: the perfect subtrees each append completes. */
function storedTree(count: number) {
  const data = Array.from({ length: count }, (_, i) => Buffer.from(`{"seq":${i}}`));
  const nodes = new Map<string, Buffer>();
  data.forEach((d, i) => {
    for (const { key, hash } of completedBy(i, leafHash(d), (k) => nodes.get(nodeId(k))!)) nodes.set(nodeId(key), hash);
    expect(leftSiblingsOf(i).every((k) => nodes.has(nodeId(k)))).toBe(true);
  });
  const fetch = (keys: NodeKey[]) =>
    Promise.resolve(new Map(keys.map((k) => [nodeId(k), nodes.get(nodeId(k))!] as const)));
  return { data, nodes, fetch };
}

const flip = (hex: string, at = 0): string => {
  const b = Buffer.from(hex, 'hex');
  b[at % b.length] ^= 0x01;
  return b.toString('hex');
};

describe('RFC 6962 Merkle tree from stored subtrees', () => {
  const tree = storedTree(200);
  const roots = new Map<number, string>();

  beforeAll(async () => {
    for (let n = 0; n <= 200; n++) roots.set(n, (await withNodes(plan.root(n), tree.fetch)).toString('hex'));
  });

  it('keeps about two stored nodes per leaf', () => {
    expect(tree.nodes.size).toBeLessThan(2 * 200);
  });

  it('gives the reference root for every size 0–200, and so does the verifier', () => {
    for (let n = 0; n <= 200; n++) {
      const expected = referenceMth(tree.data.slice(0, n)).toString('hex');
      expect(roots.get(n)).toBe(expected);
      expect(rootOf(tree.data.slice(0, n).map((d) => leafHash(d).toString('hex')))).toBe(expected);
    }
  });

  it('proves every leaf of every tree of size 1–100, and a flipped byte fails', async () => {
    for (let n = 1; n <= 100; n++) {
      for (let m = 0; m < n; m++) {
        const proof = (await withNodes(plan.inclusion(m, n), tree.fetch)).map((h) => h.toString('hex'));
        const leaf = leafHash(tree.data[m]).toString('hex');
        const root = roots.get(n)!;
        expect(verifyInclusion(m, n, leaf, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, flip(leaf, m), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaf, proof, flip(root, n))).toBe(false);
        for (let p = 0; p < proof.length; p++) {
          const bad = [...proof];
          bad[p] = flip(bad[p], p + m);
          expect(verifyInclusion(m, n, leaf, bad, root)).toBe(false);
        }
        if (n > 1) expect(verifyInclusion(m === 0 ? 1 : m - 1, n, leaf, proof, root)).toBe(false);
      }
    }
  });

  it('proves every tree of size 1–100 consistent with every larger one up to 100, and a flipped byte fails', async () => {
    for (let second = 1; second <= 100; second++) {
      for (let first = 1; first <= second; first++) {
        const proof = (await withNodes(plan.consistency(first, second), tree.fetch)).map((h) => h.toString('hex'));
        const [r1, r2] = [roots.get(first)!, roots.get(second)!];
        expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
        if (first < second) {
          expect(verifyConsistency(first, second, flip(r1), r2, proof)).toBe(false);
          expect(verifyConsistency(first, second, r1, flip(r2), proof)).toBe(false);
          for (let p = 0; p < proof.length; p++) {
            const bad = [...proof];
            bad[p] = flip(bad[p], p);
            expect(verifyConsistency(first, second, r1, r2, bad)).toBe(false);
          }
        }
      }
    }
  });
});
