import { gql } from '../api/graphql';
import {
  LEDGER_TREE_HEAD,
  RECENT_GIFTS,
  RECENT_GIFTS_PAGE_SIZE,
  type RecentGift,
  type TreeHeadView,
} from '../api/operations';

/** How far back from the newest entry to look: the whole ledger last. */
const WINDOWS = [256, 4096, 65536, Infinity];
/** Requests for the last window at most (a campaign's whole history). */
const MAX_PAGES = 400;

/**
 * The newest gifts of a campaign. The ledger pages forward from a seq, so this reads the
 * campaign's entries of the last few hundred of the whole ledger first and widens the window
 * until it finds enough.
 */
export async function recentGifts(campaignId: string, want = 10): Promise<RecentGift[]> {
  const { ledgerTreeHead } = await gql<{ ledgerTreeHead: TreeHeadView }>(LEDGER_TREE_HEAD);
  // The signed head may be a second behind: entries after it are read too (after has no upper bound).
  const size = ledgerTreeHead.treeSize;
  let found: RecentGift[] = [];
  for (const window of WINDOWS) {
    const from = window === Infinity ? -1 : Math.max(-1, size - window - 1);
    const pages = window === Infinity ? MAX_PAGES : Math.ceil(window / RECENT_GIFTS_PAGE_SIZE) + 1;
    found = await lastGiftsAfter(campaignId, from, want, pages);
    if (found.length >= want || from < 0) break;
  }
  return found.reverse();
}

/** The last `want` gifts of the campaign after seq `after`, reading at most `pages` pages to its end. */
async function lastGiftsAfter(campaignId: string, after: number, want: number, pages: number): Promise<RecentGift[]> {
  let last: RecentGift[] = [];
  let cursor: number | null = after;
  for (let page = 0; cursor !== null && page < pages; page++) {
    const { ledger }: { ledger: { entries: RecentGift[]; nextAfter: number | null } } = await gql(RECENT_GIFTS, {
      campaignId,
      after: cursor < 0 ? undefined : cursor,
    });
    last = [...last, ...ledger.entries.filter((e) => e.kind === 'DONATION')].slice(-want);
    cursor = ledger.nextAfter;
  }
  return last;
}
