import { createHash } from 'node:crypto';
import { frontierOf, integrate } from './batch';
import { completedBy, EMPTY_ROOT, leafHash, nodeHash, nodeId, splitPoint } from './rfc6962';

/** RFC 6962's Merkle Tree Hash straight from the definition, over every leaf. */
function mthOf(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(mthOf(leaves.slice(0, k)), mthOf(leaves.slice(k)));
}

const leaf = (i: number): Buffer => leafHash(`entry ${i}`);

/** The stored nodes of a tree built one append at a time (the old way). */
function storedOneByOne(n: number): Map<string, Buffer> {
  const stored = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    for (const node of completedBy(i, leaf(i), (k) => stored.get(nodeId(k))!)) stored.set(nodeId(node.key), node.hash);
  }
  return stored;
}

describe('frontierOf', () => {
  it('is the perfect subtrees that cover a tree, largest first', () => {
    expect(frontierOf(0)).toEqual([]);
    expect(frontierOf(1)).toEqual([{ level: 0, index: 0 }]);
    expect(frontierOf(6)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
    ]);
    expect(frontierOf(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(frontierOf(2 ** 40)).toEqual([{ level: 40, index: 0 }]);
  });
});

describe('integrate', () => {
  it('stores exactly what appending one by one stores, and the root RFC 6962 defines, for every split', () => {
    const total = 70;
    const stored = Array.from({ length: total + 1 }, (_, n) => storedOneByOne(n));
    const all = stored[total];
    for (let size = 0; size <= 40; size++) {
      for (const batch of [1, 2, 3, 7, 16, total - size]) {
        if (size + batch > total) continue;
        const before = stored[size];
        const frontier = new Map(frontierOf(size).map((k) => [nodeId(k), before.get(nodeId(k))!]));
        const leaves = Array.from({ length: batch }, (_, i) => leaf(size + i));
        const result = integrate(size, frontier, leaves);
        expect(result.root.equals(mthOf(Array.from({ length: size + batch }, (_, i) => leaf(i))))).toBe(true);
        const expected = [...all.keys()].filter((id) => !before.has(id) && stored[size + batch].has(id));
        expect(result.nodes.map((n) => nodeId(n.key)).sort()).toEqual(expected.sort());
        for (const node of result.nodes) expect(node.hash.equals(all.get(nodeId(node.key))!)).toBe(true);
      }
    }
  });

  it('refuses to guess a node the frontier lacks', () => {
    expect(() => integrate(3, new Map(), [leaf(3)])).toThrow(/missing from the frontier/);
  });

  it('needs only the frontier: a batch on a tree of 2^20 + 5 reads 3 nodes', () => {
    const size = 2 ** 20 + 5;
    const frontier = new Map(frontierOf(size).map((k) => [nodeId(k), createHash('sha256').update(nodeId(k)).digest()]));
    expect(frontier.size).toBe(3);
    const result = integrate(size, frontier, [leaf(0), leaf(1), leaf(2)]);
    expect(result.nodes.length).toBeGreaterThan(3);
  });
});
