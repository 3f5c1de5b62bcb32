import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { leafHashOf, rootsAt, verifyConsistency } from './rfc9162';

/**
 * Checks a 善筹 ledger from the outside, trusting nothing the server says without proof: every
 * entry's canonical text against its fields and its leaf hash, the roots of the latest signed tree
 * heads recomputed from the leaves, each head's Ed25519 signature with the key its keyId names
 * (a listed key whose id is the hash of its public key, and which signed heads of that size), and
 * the consistency proof from an earlier head (the one this verifier saw last time, or the
 * server's previous one).
 */
export interface Head {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
  /** Absent in a state file written before heads named their key. */
  keyId?: string;
}

export interface LedgerKey {
  keyId: string;
  publicKey: string;
  firstTreeSize: number | null;
  lastTreeSize: number | null;
}

interface Entry {
  seq: number;
  kind: string;
  amountFen: number | null;
  quantity: number | null;
  campaignId: string | null;
  donor: string | null;
  memo: string | null;
  occurredAt: string;
  canonical: string;
  leafHash: string;
}

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  head?: Head;
  entries: number;
  checkedConsistencyFrom?: number;
  /** Signed heads checked (signature with their key, root from the leaves). */
  headsChecked: number;
  /** The keys the checked heads were signed with, oldest first. */
  keysUsed: string[];
}

/**
 * Entries per request: the most the server's cost limit lets one page of these ten fields carry
 * (29 per entry against 5000; test/ledger.e2e-spec.ts runs the verifier against the server).
 */
const PAGE = 150;

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url.replace(/\/$/, '')}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data)
    throw new Error(`the server answered: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
  return body.data;
}

/** The canonical text a verifier expects for an entry: its public fields, keys sorted, no white space. */
export function canonicalOf(e: Entry): string {
  const fields: Record<string, unknown> = {
    amountFen: e.amountFen,
    campaignId: e.campaignId,
    donor: e.donor,
    kind: e.kind,
    memo: e.memo,
    occurredAt: new Date(e.occurredAt).toISOString(),
    quantity: e.quantity,
    seq: e.seq,
  };
  return JSON.stringify(fields);
}

export function headMessage(h: Head): string {
  return `{"rootHash":"${h.rootHash}","timestamp":"${new Date(h.timestamp).toISOString()}","treeSize":${h.treeSize}}`;
}

/** A key's id as API.md fixes it: lowercase hex SHA-256 of the SPKI DER of its public key. */
export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

interface KnownKey extends LedgerKey {
  key: KeyObject;
}

/** The listed keys whose id is their public key's hash; a problem for each one that is not. */
export function knownKeys(listed: LedgerKey[], problems: string[]): Map<string, KnownKey> {
  const keys = new Map<string, KnownKey>();
  for (const k of listed) {
    let id: string;
    try {
      id = keyIdOf(k.publicKey);
    } catch {
      problems.push(`the key listed as ${k.keyId} is not a public key`);
      continue;
    }
    if (id !== k.keyId) problems.push(`the key listed as ${k.keyId} is another key (its id is ${id})`);
    else if (keys.has(id)) problems.push(`the key ${id} is listed twice`);
    else keys.set(id, { ...k, key: createPublicKey(k.publicKey) });
  }
  return keys;
}

/**
 * Why `head` does not verify with the key it names, or null when it does. A head without a keyId
 * (a state file of before heads named their key) must verify with one of the listed keys.
 */
export function headProblem(head: Head, keys: Map<string, KnownKey>, what: string): string | null {
  const message = Buffer.from(headMessage(head), 'utf8');
  const signature = Buffer.from(head.signature, 'base64');
  if (head.keyId === undefined) {
    return [...keys.values()].some((k) => verify(null, message, k.key, signature))
      ? null
      : `the signature of ${what} of size ${head.treeSize} does not verify with any listed key`;
  }
  const key = keys.get(head.keyId);
  if (!key) return `${what} of size ${head.treeSize} names the key ${head.keyId}, which the server does not list`;
  const signedSizes = key.firstTreeSize !== null && key.lastTreeSize !== null;
  if (!signedSizes || head.treeSize < key.firstTreeSize! || head.treeSize > key.lastTreeSize!) {
    return `${what} of size ${head.treeSize} names the key ${head.keyId}, which the server says signed sizes ${key.firstTreeSize ?? '–'} to ${key.lastTreeSize ?? '–'} only`;
  }
  if (!verify(null, message, key.key, signature))
    return `the signature of ${what} of size ${head.treeSize} does not verify with the key it names (${head.keyId})`;
  return null;
}

/** Signed heads per request, newest first (the server's largest page). */
const HEADS_PAGE = 200;

const HEAD_FIELDS = 'treeSize rootHash timestamp signature keyId';

export async function verifyLedger(
  url: string,
  options: { previous?: Head; heads?: number | 'all' } = {},
): Promise<VerifyReport> {
  const problems: string[] = [];
  const wanted = options.heads ?? HEADS_PAGE;
  const { ledgerTreeHead: head, ledgerTreeHeads: firstPage } = await graphql<{
    ledgerTreeHead: Head;
    ledgerTreeHeads: Head[];
  }>(
    url,
    `
      query ($first: Int!) {
        ledgerTreeHead {
          ${HEAD_FIELDS}
        }
        ledgerTreeHeads(first: $first) {
          ${HEAD_FIELDS}
        }
      }
    `,
    { first: wanted === 'all' ? HEADS_PAGE : Math.max(1, Math.min(wanted, HEADS_PAGE)) },
  );
  const history = [...firstPage];
  while ((wanted === 'all' || history.length < wanted) && history.length % HEADS_PAGE === 0 && history.length > 0) {
    const before = history[history.length - 1].treeSize;
    const first = wanted === 'all' ? HEADS_PAGE : Math.min(HEADS_PAGE, wanted - history.length);
    const page = await graphql<{ ledgerTreeHeads: Head[] }>(
      url,
      `query ($before: Int!, $first: Int!) { ledgerTreeHeads(before: $before, first: $first) { ${HEAD_FIELDS} } }`,
      { before, first },
    );
    if (page.ledgerTreeHeads.length === 0) break;
    history.push(...page.ledgerTreeHeads);
  }

  // Read after the heads, so every key and tree size they name is already in the list.
  const { ledgerPublicKeys: listed } = await graphql<{ ledgerPublicKeys: LedgerKey[] }>(
    url,
    '{ ledgerPublicKeys { keyId publicKey firstTreeSize lastTreeSize } }',
  );
  const keys = knownKeys(listed, problems);
  const latestProblem = headProblem(head, keys, 'the tree head');
  if (latestProblem) problems.push(latestProblem);

  const entries: Entry[] = [];
  let after: number | null = null;
  do {
    const page: { ledger: { entries: Entry[]; nextAfter: number | null } } = await graphql(
      url,
      `
        query ($after: Int, $first: Int!) {
          ledger(after: $after, first: $first) {
            entries {
              seq
              kind
              amountFen
              quantity
              campaignId
              donor
              memo
              occurredAt
              canonical
              leafHash
            }
            nextAfter
          }
        }
      `,
      { after, first: PAGE },
    );
    entries.push(...page.ledger.entries);
    after = page.ledger.nextAfter;
  } while (after !== null);

  entries.forEach((e, i) => {
    if (e.seq !== i) problems.push(`entry ${i}: the server calls it seq ${e.seq}; seq must run from 0 without gaps`);
    if (canonicalOf(e) !== e.canonical) problems.push(`entry ${e.seq}: its fields do not match its canonical text`);
    if (leafHashOf(e.canonical) !== e.leafHash)
      problems.push(`entry ${e.seq}: its leaf hash is not the hash of its canonical text`);
  });
  const leaves = entries.map((e) => leafHashOf(canonicalOf(e)));
  const checked = new Map<number, Head>([[head.treeSize, head]]);
  for (const h of history) if (!checked.has(h.treeSize)) checked.set(h.treeSize, h);
  const roots = rootsAt(
    leaves,
    [...checked.keys()].filter((size) => size <= leaves.length),
  );
  if (entries.length < head.treeSize) {
    problems.push(`the tree head covers ${head.treeSize} entries but the server lists ${entries.length}`);
  } else if (roots.get(head.treeSize) !== head.rootHash) {
    problems.push(`the entries 0–${head.treeSize - 1} do not hash to the signed root ${head.rootHash}`);
  }
  // Every earlier head fetched: signed with the key it names, over the root its entries give.
  for (const h of checked.values()) {
    if (h === head) continue;
    const problem = headProblem(h, keys, 'the earlier tree head');
    if (problem) problems.push(problem);
    const root = roots.get(h.treeSize);
    if (root !== undefined && root !== h.rootHash)
      problems.push(`the entries 0–${h.treeSize - 1} do not hash to the root ${h.rootHash} signed at that size`);
  }

  const previous = options.previous ?? history.find((h) => h.treeSize < head.treeSize);
  let checkedConsistencyFrom: number | undefined;
  if (previous && previous.treeSize > 0) {
    if (options.previous) {
      const problem = headProblem(previous, keys, 'the tree head verified last time');
      if (problem) problems.push(problem);
    }
    if (previous.treeSize > head.treeSize) {
      problems.push(`the ledger shrank: an earlier head had ${previous.treeSize} entries, the latest ${head.treeSize}`);
    } else {
      const { ledgerConsistencyProof: proof } = await graphql<{ ledgerConsistencyProof: string[] }>(
        url,
        'query($a: Int!, $b: Int!) { ledgerConsistencyProof(first: $a, second: $b) }',
        { a: previous.treeSize, b: head.treeSize },
      );
      if (!verifyConsistency(previous.treeSize, head.treeSize, previous.rootHash, head.rootHash, proof)) {
        problems.push(
          `the tree of size ${head.treeSize} is not an extension of the earlier tree of size ${previous.treeSize}`,
        );
      }
      checkedConsistencyFrom = previous.treeSize;
    }
  }
  const used = new Set([...checked.values()].map((h) => h.keyId).filter((id) => id !== undefined));
  return {
    ok: problems.length === 0,
    problems,
    head,
    entries: entries.length,
    checkedConsistencyFrom,
    headsChecked: checked.size,
    keysUsed: listed.map((k) => k.keyId).filter((id) => used.has(id)),
  };
}
