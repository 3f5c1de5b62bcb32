// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { RECENT_GIFTS_PAGE_SIZE, type RecentGift } from '../api/operations';
import { stubServer } from '../testing/graphql-stub';
import { recentGifts } from './recent';

const CAMPAIGN = 'c-1';

/** A ledger of `size` entries, the campaign's gifts at the seqs `ours` picks, the rest elsewhere. */
function ledger(size: number, ours: (seq: number) => boolean) {
  const entries: (RecentGift & { campaignId: string })[] = Array.from({ length: size }, (_, seq) => ({
    seq,
    kind: seq % 11 === 0 ? 'REFUND' : 'DONATION',
    amountFen: 1000,
    donor: '张*',
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    campaignId: ours(seq) ? CAMPAIGN : 'other',
  }));
  return stubServer({
    TreeHead: () => ({ ledgerTreeHead: { treeSize: size, rootHash: '00', timestamp: '', signature: '' } }),
    RecentGifts: (v) => {
      const after = typeof v.after === 'number' ? v.after : -1;
      const matching = entries.filter((e) => e.campaignId === v.campaignId && e.seq > after);
      const page = matching.slice(0, RECENT_GIFTS_PAGE_SIZE);
      return {
        ledger: {
          entries: page.map(({ campaignId: _c, ...e }) => e),
          nextAfter: matching.length > page.length ? page[page.length - 1].seq : null,
        },
      };
    },
  });
}

describe('a campaign page’s newest gifts', () => {
  it('are the last ten gifts of the campaign, newest first, refunds left out', async () => {
    ledger(3000, (seq) => seq % 3 === 0);
    const gifts = await recentGifts(CAMPAIGN);
    const expected = Array.from({ length: 3000 }, (_, s) => s)
      .filter((s) => s % 3 === 0 && s % 11 !== 0)
      .slice(-10)
      .reverse();
    expect(gifts.map((g) => g.seq)).toEqual(expected);
  });

  it('are still the newest when the campaign’s entries in a window run to many pages', async () => {
    // Every entry is the campaign's: the 4096-entry window alone is 17 pages of 250.
    const calls = ledger(5000, () => true);
    const gifts = await recentGifts(CAMPAIGN, 3);
    expect(gifts.map((g) => g.seq)).toEqual([4999, 4998, 4997]);
    expect(calls.filter((c) => c.operation === 'RecentGifts').length).toBeGreaterThan(0);
  });

  it('look back through the whole ledger for a campaign whose last gifts are old', async () => {
    ledger(80_000, (seq) => seq >= 1000 && seq < 1040);
    const gifts = await recentGifts(CAMPAIGN, 5);
    expect(gifts.map((g) => g.seq)).toEqual([1039, 1038, 1037, 1036, 1035]);
  });
});
