/** The public fields of an entry: what the leaf commits to. */
export interface PublicEntry {
  seq: number;
  kind: string;
  amountFen: number | null;
  quantity: number | null;
  campaignId: string | null;
  donor: string | null;
  memo: string | null;
  /** ISO-8601 UTC, milliseconds. */
  occurredAt: string;
}

/** JSON with keys sorted and no white space (API.md "Public ledger"). */
export function canonicalJson(entry: PublicEntry): string {
  const sorted = Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(sorted);
}

/** The tree head text that is signed: exactly this key order. */
export function treeHeadMessage(head: { rootHash: string; timestamp: string; treeSize: number }): string {
  return `{"rootHash":"${head.rootHash}","timestamp":"${head.timestamp}","treeSize":${head.treeSize}}`;
}

export const ANONYMOUS_DONOR = '爱心人士';

/** 张三 → 张*, 欧阳修 → 欧**; anonymous or nameless → 爱心人士. */
export function maskDonor(name: string | null | undefined, anonymous = false): string {
  const chars = [...(name ?? '').trim()];
  if (anonymous || chars.length === 0) return ANONYMOUS_DONOR;
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
