import { gql } from '../api/graphql';
import { LEDGER, LEDGER_TREE_HEAD, type EntryView, type LedgerPage, type TreeHeadView } from '../api/operations';

const PAGE = 500;
const WINDOWS = [256, 4096, 65536, Infinity];

/**
 * The newest gifts of a campaign. The ledger pages forward from a seq, so this looks at the last
 * few hundred entries of the whole ledger first and widens the window until it finds enough.
 */
export async function recentGifts(campaignId: string, want = 10): Promise<EntryView[]> {
  const { ledgerTreeHead } = await gql<{ ledgerTreeHead: TreeHeadView }>(LEDGER_TREE_HEAD);
  // The signed head may be a second behind: entries after it are read too (after has no upper bound).
  const size = ledgerTreeHead.treeSize;
  let found: EntryView[] = [];
  for (const window of WINDOWS) {
    const from = window === Infinity ? -1 : Math.max(-1, size - window - 1);
    found = await entriesAfter(campaignId, from);
    if (found.filter(isGift).length >= want || from < 0) break;
  }
  return found.filter(isGift).slice(-want).reverse();
}

const isGift = (e: EntryView) => e.kind === 'DONATION';

/** Every entry of the campaign after `after`, at most a few pages (a window holds few). */
async function entriesAfter(campaignId: string, after: number): Promise<EntryView[]> {
  const out: EntryView[] = [];
  let cursor: number | null = after;
  for (let pages = 0; cursor !== null && pages < 8; pages++) {
    const { ledger }: { ledger: LedgerPage } = await gql(LEDGER, {
      campaignId,
      after: cursor < 0 ? undefined : cursor,
      first: PAGE,
    });
    out.push(...ledger.entries);
    cursor = ledger.nextAfter;
  }
  return out;
}
