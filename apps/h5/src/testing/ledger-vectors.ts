import { generateKeyPairSync, sign } from 'node:crypto';
// The server's own ledger code makes the vectors: what the page checks is what the server proves.
import { canonicalJson, treeHeadMessage } from '../../../../libs/ledger/src/canonical';
import { ledgerKeyId } from '../../../../libs/ledger/src/key-id';
import {
  completedBy,
  leafHash,
  nodeId,
  plan,
  withNodes,
  type NodeKey,
} from '../../../../libs/ledger/src/merkle/rfc6962';
import type { EntryView, InclusionProofView, LedgerKeyView, TreeHeadView } from '../ledger/verify';

export const VECTOR_CAMPAIGN = '7f0b3a52-1c1e-4d6a-9d51-3b8a2f0c9e11';

/**
 * A ledger as the server keeps it (entries and the perfect subtrees appends complete), and its
 * keys: one, or with `rotateAt` a second that signs the heads of that size and larger.
 */
export function serverLedger(count: number, options: { rotateAt?: number } = {}) {
  const nodes = new Map<string, Buffer>();
  const entries: EntryView[] = [];
  for (let seq = 0; seq < count; seq++) {
    const fields = {
      seq,
      kind: seq % 5 === 4 ? 'REFUND' : 'DONATION',
      amountFen: seq % 5 === 4 ? -1000 : 1000 + seq * 100,
      quantity: null,
      campaignId: VECTOR_CAMPAIGN,
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
  const signers = (options.rotateAt === undefined ? [0] : [0, options.rotateAt]).map((from, i, all) => {
    const pair = generateKeyPairSync('ed25519');
    const publicKey = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const view: LedgerKeyView = {
      keyId: ledgerKeyId(publicKey),
      publicKey,
      firstTreeSize: from,
      lastTreeSize: i + 1 < all.length ? all[i + 1] - 1 : count,
    };
    return { privateKey: pair.privateKey, view };
  });
  const keys = signers.map((k) => k.view);
  const publicKeyPem = keys[0].publicKey;
  const signerOf = (size: number) => [...signers].reverse().find((k) => size >= k.view.firstTreeSize!)!;

  async function head(size: number, timestamp = '2026-05-01T01:05:00.000Z'): Promise<TreeHeadView> {
    const rootHash = (await withNodes(plan.root(size), fetch)).toString('hex');
    const message = treeHeadMessage({ rootHash, timestamp, treeSize: size });
    const signer = signerOf(size);
    return {
      treeSize: size,
      rootHash,
      timestamp,
      signature: sign(null, Buffer.from(message), signer.privateKey).toString('base64'),
      keyId: signer.view.keyId,
    };
  }

  async function inclusion(seq: number, size: number): Promise<InclusionProofView> {
    const auditPath = (await withNodes(plan.inclusion(seq, size), fetch)).map((h) => h.toString('hex'));
    return { leafIndex: seq, treeSize: size, leafHash: entries[seq].leafHash, auditPath };
  }

  async function consistency(first: number, second: number): Promise<string[]> {
    return (await withNodes(plan.consistency(first, second), fetch)).map((h) => h.toString('hex'));
  }

  return { entries, publicKeyPem, keys, head, inclusion, consistency };
}
