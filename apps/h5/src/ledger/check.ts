import { gql } from '../api/graphql';
import {
  LEDGER_ENTRY_AND_HEAD,
  LEDGER_PROOFS,
  type EntryView,
  type InclusionProofView,
  type TreeHeadView,
} from '../api/operations';
import { pollUntil } from '../poll';
import { verifyLedgerEntry, type VerificationReport } from './verify';

const HEAD_KEY = 'shanchou.ledger.head';
const KEY_KEY = 'shanchou.ledger.key';

export class LedgerCheckError extends Error {
  constructor(
    readonly reason: 'no-entry' | 'not-signed-yet' | 'key-changed' | 'shrunk',
    message: string,
  ) {
    super(message);
  }
}

export interface LedgerCheck {
  entry: EntryView;
  head: TreeHeadView;
  proof: InclusionProofView;
  /** The head this phone verified before, when the new one was checked against it. */
  earlier: TreeHeadView | null;
  report: VerificationReport;
}

interface Fetched {
  entry: EntryView | undefined;
  head: TreeHeadView;
  key: string;
}

function remembered<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

function remember(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Without storage the next check starts afresh.
  }
}

/**
 * Fetches entry `seq`, the latest signed head (waiting briefly for one that covers the entry:
 * heads are signed about once a second), the inclusion proof, and the consistency proof from
 * the last head this phone verified; then checks them all in the browser.
 */
export async function checkLedgerEntry(seq: number, signal?: AbortSignal): Promise<LedgerCheck> {
  const fetched = await pollUntil(
    async (): Promise<Fetched> => {
      const data = await gql<{
        ledger: { entries: EntryView[] };
        ledgerTreeHead: TreeHeadView;
        ledgerPublicKey: string;
      }>(LEDGER_ENTRY_AND_HEAD, { after: seq > 0 ? seq - 1 : undefined }, { signal });
      return { entry: data.ledger.entries[0], head: data.ledgerTreeHead, key: data.ledgerPublicKey };
    },
    (f) => f.entry?.seq !== seq || f.head.treeSize > seq,
    { timeoutMs: 15_000, signal, firstDelayMs: 700 },
  );
  if (!fetched) throw new LedgerCheckError('not-signed-yet', '账本的签名还没有包含这条记录，请过一会儿再核验。');
  const { entry, head, key } = fetched;
  if (!entry || entry.seq !== seq) throw new LedgerCheckError('no-entry', `公开账本中还没有第 ${seq} 条记录。`);

  // The key is pinned on first use: a server that swapped it could sign any ledger it liked.
  const pinned = remembered<string>(KEY_KEY);
  if (pinned && pinned !== key)
    throw new LedgerCheckError('key-changed', '账本的签名公钥与本机上次看到的不同，不能确认账本没有被改动。');

  const before = remembered<TreeHeadView>(HEAD_KEY);
  if (before && before.treeSize > head.treeSize)
    throw new LedgerCheckError('shrunk', '服务器给出的账本比本机上次核验时还短，账本可能被改写过。');
  const earlier = before && before.treeSize >= 1 && before.treeSize <= head.treeSize ? before : null;

  const proofs = await gql<{ ledgerInclusionProof: InclusionProofView; ledgerConsistencyProof?: string[] }>(
    LEDGER_PROOFS,
    { seq, treeSize: head.treeSize, earlier: earlier?.treeSize ?? 1, withConsistency: earlier !== null },
    { signal },
  );
  const report = await verifyLedgerEntry({
    entry,
    head,
    proof: proofs.ledgerInclusionProof,
    publicKeyPem: key,
    earlier: earlier ? { head: earlier, proof: proofs.ledgerConsistencyProof ?? [] } : undefined,
  });
  if (report.verified) {
    remember(KEY_KEY, key);
    remember(HEAD_KEY, head);
  }
  return { entry, head, proof: proofs.ledgerInclusionProof, earlier, report };
}
