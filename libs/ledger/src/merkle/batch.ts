import { completedBy, NodeKey, nodeId, plan } from './rfc6962';

/**
 * The perfect subtrees that make up a tree of `size` leaves, largest first: the only stored nodes
 * that appending to it, or taking its root, needs (a tree's right edge, as Tessera calls it).
 */
export function frontierOf(size: number): NodeKey[] {
  const keys: NodeKey[] = [];
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    if (Math.floor(size / 2 ** level) % 2 === 1) keys.push({ level, index: Math.floor(size / 2 ** level) - 1 });
  }
  return keys;
}

export interface IntegratedBatch {
  /** Every perfect subtree the batch completes, leaves included: what is stored. */
  nodes: { key: NodeKey; hash: Buffer }[];
  /** The root of the tree of `size + leaves.length`. */
  root: Buffer;
}

/**
 * Appends a batch of leaves to a tree of `size` leaves in memory: the new stored nodes and the
 * new root, from the old tree's frontier alone (one read, whatever the batch size).
 */
export function integrate(size: number, frontier: Map<string, Buffer>, leaves: Buffer[]): IntegratedBatch {
  const known = new Map(frontier);
  const nodes: { key: NodeKey; hash: Buffer }[] = [];
  const get = (key: NodeKey): Buffer => {
    const hash = known.get(nodeId(key));
    if (!hash) throw new Error(`ledger node ${nodeId(key)} is missing from the frontier`);
    return hash;
  };
  leaves.forEach((leaf, i) => {
    for (const node of completedBy(size + i, leaf, get)) {
      known.set(nodeId(node.key), node.hash);
      nodes.push(node);
    }
  });
  return { nodes, root: plan.root(size + leaves.length)(get) };
}
