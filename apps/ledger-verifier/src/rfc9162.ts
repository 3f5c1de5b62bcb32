import { createHash } from 'node:crypto';

/**
 * A verifier's own RFC 9162 §2.1 code, written apart from the server's prover so that one
 * mistake cannot hide another. Hashes are lowercase hex.
 */
const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const hex = (b: Buffer): string => b.toString('hex');
const unhex = (s: string): Buffer => Buffer.from(s, 'hex');

export function leafHashOf(canonical: string): string {
  return hex(sha256(Buffer.from([0]), Buffer.from(canonical, 'utf8')));
}

function parent(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.from([1]), left, right);
}

/** MTH over all leaf hashes, bottom-up with a stack (RFC 9162 §2.1.1 gives the same tree). */
export function rootOf(leafHashes: string[]): string {
  if (leafHashes.length === 0) return hex(sha256());
  // Stack of [height, hash]: merge equal heights as leaves arrive; fold what is left right to left.
  const stack: [number, Buffer][] = [];
  for (const leaf of leafHashes) {
    let node: [number, Buffer] = [0, unhex(leaf)];
    while (stack.length > 0 && stack[stack.length - 1][0] === node[0]) {
      const [height, left] = stack.pop()!;
      node = [height + 1, parent(left, node[1])];
    }
    stack.push(node);
  }
  let acc = stack.pop()![1];
  while (stack.length > 0) acc = parent(stack.pop()![1], acc);
  return hex(acc);
}

/**
 * MTH of every prefix of `leafHashes` whose size is in `sizes`, in one pass: the stack after
 * n leaves, folded right to left, is the root of the first n (as rootOf).
 */
export function rootsAt(leafHashes: string[], sizes: number[]): Map<number, string> {
  const wanted = new Set(sizes);
  const roots = new Map<number, string>();
  if (wanted.has(0)) roots.set(0, hex(sha256()));
  const stack: [number, Buffer][] = [];
  leafHashes.forEach((leaf, i) => {
    let node: [number, Buffer] = [0, unhex(leaf)];
    while (stack.length > 0 && stack[stack.length - 1][0] === node[0]) {
      const [height, left] = stack.pop()!;
      node = [height + 1, parent(left, node[1])];
    }
    stack.push(node);
    if (!wanted.has(i + 1)) return;
    let acc = stack[stack.length - 1][1];
    for (let j = stack.length - 2; j >= 0; j--) acc = parent(stack[j][1], acc);
    roots.set(i + 1, hex(acc));
  });
  return roots;
}

/** RFC 9162 §2.1.3.2: does `path` prove leaf `index` in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leafHash: string, path: string[], root: string): boolean {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = unhex(leafHash);
  for (const p of path) {
    if (sn === 0) return false;
    const node = unhex(p);
    if (fn % 2 === 1 || fn === sn) {
      r = parent(node, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = parent(r, node);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && hex(r) === root;
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of `second` extends the tree of `first`? */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: string,
  secondRoot: string,
  proof: string[],
): boolean {
  if (first > second || first < 1) return false;
  if (first === second) return proof.length === 0 && firstRoot === secondRoot;
  const nodes = proof.map(unhex);
  if ((first & (first - 1)) === 0) nodes.unshift(unhex(firstRoot));
  if (nodes.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = parent(c, fr);
      sr = parent(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = parent(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && hex(fr) === firstRoot && hex(sr) === secondRoot;
}
