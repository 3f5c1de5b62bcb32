import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DonationProgress } from '../api/donation-wait';
import type { DonationStatus } from '../api/operations';
import { clearSession, saveSession } from '../session';
import { stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

interface HeldWait {
  query: URLSearchParams;
  authorization: string | null;
  answer(progress: Partial<DonationProgress>): void;
}

/**
 * GraphQL as stubServer answers it, and the long poll GET /donations/<no>/wait held until the
 * test answers it, as the server holds it until the gift changes. Aborting the request rejects it.
 */
function stubWaits(handlers: Parameters<typeof stubServer>[0]) {
  const calls = stubServer(handlers);
  const graphql = globalThis.fetch;
  const waits: HeldWait[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://h5.test',
    );
    if (!/^\/donations\/[^/]+\/wait$/.test(url.pathname)) return graphql(input, init);
    return new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      waits.push({
        query: url.searchParams,
        authorization: new Headers(init?.headers).get('authorization'),
        answer: (progress) =>
          resolve(
            Response.json({ receiptNo: 'SC202605010001', paidAt: null, ledgerSeq: null, changed: true, ...progress }),
          ),
      });
    });
  });
  return { calls, waits };
}

function donation(status: DonationStatus) {
  return {
    id: 'd1',
    receiptNo: 'SC202605010001',
    amountFen: 5000,
    status,
    paidAt: status === 'PAID' ? '2026-05-01T02:00:00.000Z' : null,
    displayName: '爱心人士',
    message: null,
    ledgerSeq: status === 'PAID' ? 41 : null,
    campaign: { id: 'c1', slug: 'cixin-yiri-juan-2026', title: '2026年慈心一日捐', kind: 'ONE_DAY_PAY' },
    organization: null,
  };
}

describe('the result page', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    document.body.innerHTML = '';
  });

  it('waits on the server for PAID and then for the ledger seq, one held request each, never polling', async () => {
    const { calls, waits } = stubWaits({ Donation: () => ({ donation: donation('PENDING') }) });
    await openPage('/donations/SC202605010001');
    expect(pageText()).toContain('正在确认支付结果');
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(Object.fromEntries(waits[0].query)).toEqual({ status: 'PENDING', ledger: '1', timeout: '25' });
    expect(waits[0].authorization).toBe('Bearer donor-token');
    // While the server holds the request the page asks nothing more (a poll would have asked again by now).
    await new Promise((r) => setTimeout(r, 1500));
    expect(waits).toHaveLength(1);
    expect(calls.filter((c) => c.operation === 'Donation')).toHaveLength(1);
    expect(document.body.querySelector('[data-test=paid]')).toBeNull();

    // Paid, not yet in the ledger: thanked, 正在入账, and waiting on for the seq.
    waits[0].answer({ status: 'PAID', paidAt: '2026-05-01T02:00:00.000Z', ledgerSeq: null });
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=paid]')).not.toBeNull());
    await vi.waitFor(() => expect(waits).toHaveLength(2));
    expect(Object.fromEntries(waits[1].query)).toMatchObject({ status: 'PAID', ledger: '1' });
    expect(document.body.querySelector('[data-test=ledger-seq]')?.textContent).toContain('正在入账');
    expect(document.body.querySelector('[data-test=ledger-pending]')).not.toBeNull();
    expect(pageText()).not.toContain('null');
    expect(document.body.querySelector('[data-test=to-verify]')).toBeNull();

    waits[1].answer({ status: 'PAID', paidAt: '2026-05-01T02:00:00.000Z', ledgerSeq: 41 });
    await vi.waitFor(() => expect(pageText()).toContain('第 42 条'));
    expect(pageText()).not.toContain('正在入账');
    expect(document.body.querySelector('[data-test=to-certificate]')).not.toBeNull();
    expect(document.body.querySelector('[data-test=to-verify]')).not.toBeNull();
    // Settled: nothing more is asked.
    await new Promise((r) => setTimeout(r, 300));
    expect(waits).toHaveLength(2);
    expect(calls.filter((c) => c.operation === 'Donation')).toHaveLength(1);
  });

  it('says an unpaid order was closed and nothing was charged, and waits for nothing', async () => {
    const { waits } = stubWaits({ Donation: () => ({ donation: donation('CLOSED') }) });
    await openPage('/donations/SC202605010001');
    await vi.waitFor(() => expect(pageText()).toContain('订单已关闭'));
    expect(pageText()).toContain('没有扣款');
    expect(document.body.querySelector('[data-test=to-certificate]')).toBeNull();
    expect(waits).toHaveLength(0);
  });
});
