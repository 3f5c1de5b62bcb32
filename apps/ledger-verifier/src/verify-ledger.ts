import { createPublicKey, verify } from 'node:crypto';
import { leafHashOf, rootOf, verifyConsistency } from './rfc9162';

/**
 * Checks a 善筹 ledger from the outside, trusting nothing the server says without proof: every
 * entry's canonical text against its fields and its leaf hash, the root of the signed tree head
 * recomputed from all leaves, the head's Ed25519 signature, and the consistency proof from an
 * earlier head (the one this verifier saw last time, or the server's previous one).
 */
export interface Head {
  treeSize: number;
  rootHash: string;
  timestamp: string;
  signature: string;
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

export async function verifyLedger(url: string, options: { previous?: Head } = {}): Promise<VerifyReport> {
  const problems: string[] = [];
  const {
    ledgerPublicKey: publicKey,
    ledgerTreeHead: head,
    ledgerTreeHeads: history,
  } = await graphql<{
    ledgerPublicKey: string;
    ledgerTreeHead: Head;
    ledgerTreeHeads: Head[];
  }>(
    url,
    `
      {
        ledgerPublicKey
        ledgerTreeHead {
          treeSize
          rootHash
          timestamp
          signature
        }
        ledgerTreeHeads(first: 2) {
          treeSize
          rootHash
          timestamp
          signature
        }
      }
    `,
  );

  const key = createPublicKey(publicKey);
  if (!verify(null, Buffer.from(headMessage(head), 'utf8'), key, Buffer.from(head.signature, 'base64'))) {
    problems.push(`the signature of the tree head of size ${head.treeSize} does not verify with the published key`);
  }

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
  if (entries.length < head.treeSize) {
    problems.push(`the tree head covers ${head.treeSize} entries but the server lists ${entries.length}`);
  } else {
    const root = rootOf(entries.slice(0, head.treeSize).map((e) => leafHashOf(canonicalOf(e))));
    if (root !== head.rootHash)
      problems.push(`the entries 0–${head.treeSize - 1} do not hash to the signed root ${head.rootHash}`);
  }

  const previous = options.previous ?? history.find((h) => h.treeSize < head.treeSize);
  let checkedConsistencyFrom: number | undefined;
  if (previous && previous.treeSize > 0) {
    if (!verify(null, Buffer.from(headMessage(previous), 'utf8'), key, Buffer.from(previous.signature, 'base64'))) {
      problems.push(`the signature of the earlier tree head of size ${previous.treeSize} does not verify`);
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
  return { ok: problems.length === 0, problems, head, entries: entries.length, checkedConsistencyFrom };
}
