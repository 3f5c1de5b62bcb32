import { gql } from '../api/graphql';
import {
  LEDGER_ENTRY_AND_HEAD,
  LEDGER_PROOFS,
  type EntryView,
  type InclusionProofView,
  type LedgerKeyView,
  type TreeHeadView,
} from '../api/operations';
import { pollUntil } from '../poll';
import { keyIdOf, verifyLedgerEntry, type VerificationReport } from './verify';

const HEAD_KEY = 'shanchou.ledger.head';
/** The ids of the keys this phone has seen sign the ledger (pinned on first use). */
const KEYS_KEY = 'shanchou.ledger.keys';
/** Before heads named their key: the one public key (SPKI PEM) this phone pinned. */
const LEGACY_KEY_KEY = 'shanchou.ledger.key';

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
}

/** A head remembered by an earlier version of this page has no keyId. */
type RememberedHead = Omit<TreeHeadView, 'keyId'> & { keyId?: string };

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
      }>(LEDGER_ENTRY_AND_HEAD, { after: seq > 0 ? seq - 1 : undefined }, { signal });
      return { entry: data.ledger.entries[0], head: data.ledgerTreeHead };
    },
    (f) => f.entry?.seq !== seq || f.head.treeSize > seq,
    { timeoutMs: 15_000, signal, firstDelayMs: 700 },
  );
  if (!fetched) throw new LedgerCheckError('not-signed-yet', '账本的签名还没有包含这条记录，请过一会儿再核验。');
  const { entry, head } = fetched;
  if (!entry || entry.seq !== seq) throw new LedgerCheckError('no-entry', `公开账本中还没有第 ${seq + 1} 条记录。`);

  // Keys are pinned on first use: a server that swapped one could sign any ledger it liked. The
  // key of the head this phone verified before is one of them; a newer key is taken on only with
  // the proof that the newer head extends that one (the consistency check below).
  const legacyPem = remembered<string>(LEGACY_KEY_KEY);
  const legacyId = legacyPem ? await keyIdOf(legacyPem).catch(() => null) : null;
  const pinned = new Set([...(remembered<string[]>(KEYS_KEY) ?? []), ...(legacyId ? [legacyId] : [])]);

  const stored = remembered<RememberedHead>(HEAD_KEY);
  const before: TreeHeadView | null = stored?.keyId
    ? { ...stored, keyId: stored.keyId }
    : stored && legacyId
      ? { ...stored, keyId: legacyId }
      : null;
  if (before && before.treeSize > head.treeSize)
    throw new LedgerCheckError('shrunk', '服务器给出的账本比本机上次核验时还短，账本可能被改写过。');
  const earlier = before && before.treeSize >= 1 && before.treeSize <= head.treeSize ? before : null;
  if (pinned.size > 0 && !pinned.has(head.keyId) && !earlier)
    throw new LedgerCheckError('key-changed', '账本的签名公钥与本机上次看到的不同，不能确认账本没有被改动。');

  const proofs = await gql<{
    ledgerInclusionProof: InclusionProofView;
    ledgerConsistencyProof?: string[];
    ledgerPublicKeys: LedgerKeyView[];
  }>(
    LEDGER_PROOFS,
    { seq, treeSize: head.treeSize, earlier: earlier?.treeSize ?? 1, withConsistency: earlier !== null },
    { signal },
  );
  const keys = proofs.ledgerPublicKeys;
  const missing = [...pinned].filter((id) => !keys.some((k) => k.keyId === id));
  if (missing.length > 0)
    throw new LedgerCheckError(
      'key-changed',
      '本机上次核验时用过的账本签名公钥不在服务器公布的公钥列表中，不能确认账本没有被改动。',
    );
  const report = await verifyLedgerEntry({
    entry,
    head,
    proof: proofs.ledgerInclusionProof,
    keys,
    earlier: earlier ? { head: earlier, proof: proofs.ledgerConsistencyProof ?? [] } : undefined,
  });
  if (report.verified) {
    remember(KEYS_KEY, [...new Set([...pinned, ...keys.map((k) => k.keyId)])]);
    remember(HEAD_KEY, head);
  }
  return { entry, head, proof: proofs.ledgerInclusionProof, earlier, report };
}
