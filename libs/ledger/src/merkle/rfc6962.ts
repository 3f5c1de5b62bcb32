import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 (RFC 9162 §2.1) Merkle Tree Hash, audit paths and consistency proofs, computed
 * from stored perfect subtrees, so a root or a proof over a million leaves reads O(log n) nodes.
 */

/** A perfect, aligned subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf. */
export interface NodeKey {
  level: number;
  index: number;
}

export const nodeId = (k: NodeKey): string => `${k.level}:${k.index}`;

export function leafHash(data: Buffer | string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0x00]))
    .update(data)
    .digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0x01]))
    .update(left)
    .update(right)
    .digest();
}

export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two smaller than n (n > 1). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** For a range [a, b): its stored node when it is a perfect aligned subtree. */
function perfect(a: number, b: number): NodeKey | null {
  const n = b - a;
  if (n <= 0 || (n & (n - 1)) !== 0 || a % n !== 0) return null;
  return { level: Math.log2(n), index: a / n };
}

type Lookup = (key: NodeKey) => Buffer;

function mth(a: number, b: number, get: Lookup): Buffer {
  if (b === a) return EMPTY_ROOT;
  const stored = perfect(a, b);
  if (stored) return get(stored);
  const k = splitPoint(b - a);
  return nodeHash(mth(a, a + k, get), mth(a + k, b, get));
}

function path(m: number, a: number, b: number, get: Lookup): Buffer[] {
  const n = b - a;
  if (n === 1) return [];
  const k = splitPoint(n);
  return m < k ? [...path(m, a, a + k, get), mth(a + k, b, get)] : [...path(m - k, a + k, b, get), mth(a, a + k, get)];
}

function subproof(m: number, a: number, b: number, complete: boolean, get: Lookup): Buffer[] {
  const n = b - a;
  if (m === n) return complete ? [] : [mth(a, b, get)];
  const k = splitPoint(n);
  return m <= k
    ? [...subproof(m, a, a + k, complete, get), mth(a + k, b, get)]
    : [...subproof(m - k, a + k, b, false, get), mth(a, a + k, get)];
}

/**
 * Runs a computation twice: first to learn which stored nodes it reads, then, once they are
 * fetched in one round trip, for real.
 */
export async function withNodes<T>(
  compute: (get: Lookup) => T,
  fetch: (keys: NodeKey[]) => Promise<Map<string, Buffer>>,
): Promise<T> {
  const wanted = new Map<string, NodeKey>();
  compute((key) => {
    wanted.set(nodeId(key), key);
    return EMPTY_ROOT;
  });
  const nodes = await fetch([...wanted.values()]);
  return compute((key) => {
    const hash = nodes.get(nodeId(key));
    if (!hash) throw new Error(`merkle node ${nodeId(key)} is missing`);
    return hash;
  });
}

export const plan = {
  root: (size: number) => (get: Lookup) => mth(0, size, get),
  inclusion: (leafIndex: number, size: number) => (get: Lookup) => path(leafIndex, 0, size, get),
  consistency: (first: number, second: number) => (get: Lookup) =>
    first === second ? [] : subproof(first, 0, second, true, get),
};

/**
 * The perfect subtrees that leaf `index` completes (the leaf itself, then each parent whose
 * right child it closes), given the left siblings on the way up: what an append stores.
 */
export function completedBy(
  index: number,
  leaf: Buffer,
  leftSibling: (key: NodeKey) => Buffer,
): { key: NodeKey; hash: Buffer }[] {
  const out = [{ key: { level: 0, index }, hash: leaf }];
  let level = 0;
  let i = index;
  let hash = leaf;
  while (i % 2 === 1) {
    hash = nodeHash(leftSibling({ level, index: i - 1 }), hash);
    level++;
    i = (i - 1) / 2;
    out.push({ key: { level, index: i }, hash });
  }
  return out;
}

/** The left siblings `completedBy` will ask for. */
export function leftSiblingsOf(index: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let level = 0;
  let i = index;
  while (i % 2 === 1) {
    keys.push({ level, index: i - 1 });
    level++;
    i = (i - 1) / 2;
  }
  return keys;
}
