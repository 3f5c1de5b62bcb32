import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearSession, saveSession } from '../session';
import { backoffMs, followDonation, type DonationProgress, type KnownProgress } from './donation-wait';

type Answer = Partial<DonationProgress> | Response | 'network';

/** The long poll answering from a script; every request's query is recorded. */
function stubWaits(script: Answer[], clock: { t: number }, waitMs = 25_000) {
  const asked: Record<string, string>[] = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://h5.test',
    );
    asked.push(Object.fromEntries(url.searchParams));
    const next = script.shift();
    if (!next) throw new Error('the page asked more often than the script says');
    if (next === 'network') return Promise.reject(new TypeError('Failed to fetch'));
    if (next instanceof Response) return Promise.resolve(next);
    clock.t += next.changed === false ? waitMs : 100;
    return Promise.resolve(
      Response.json({ receiptNo: 'SC1', status: 'PENDING', paidAt: null, ledgerSeq: null, changed: true, ...next }),
    );
  });
  return asked;
}

const settled = (p: KnownProgress) => p.status !== 'PENDING' && !(p.status === 'PAID' && p.ledgerSeq === null);

function follow(clock: { t: number }, overrides: { recheck?: () => Promise<KnownProgress> } = {}) {
  const slept: number[] = [];
  const changes: DonationProgress[] = [];
  const rechecks = { count: 0 };
  const result = followDonation(
    'SC1',
    { status: 'PENDING', ledgerSeq: null },
    {
      done: settled,
      onChange: (p) => changes.push(p),
      recheck:
        overrides.recheck ??
        (() => {
          rechecks.count++;
          return Promise.resolve({ status: 'PENDING', ledgerSeq: null });
        }),
      giveUpAfterMs: 120_000,
      signal: new AbortController().signal,
      sleep: (ms) => {
        slept.push(ms);
        clock.t += ms;
        return Promise.resolve();
      },
      random: () => 0.5,
      now: () => clock.t,
    },
  );
  return { result, slept, changes, rechecks };
}

describe('following a gift through the long poll', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    clearSession('donor');
  });

  it('asks once per change with what it has, as the donor, until paid and in the ledger', async () => {
    saveSession('donor', { token: 't0k', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    const clock = { t: 0 };
    const headers: (string | null)[] = [];
    const asked = stubWaits(
      [
        { status: 'PENDING', changed: false },
        { status: 'PAID', paidAt: '2026-05-01T02:00:00Z' },
        { status: 'PAID', ledgerSeq: 7 },
      ],
      clock,
    );
    const fetchStub = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      headers.push(new Headers(init?.headers).get('authorization'));
      return fetchStub(input, init);
    });
    const { result, slept, changes } = follow(clock);
    expect(await result).toBe(true);
    expect(asked).toEqual([
      { status: 'PENDING', ledger: '1', timeout: '25' },
      { status: 'PENDING', ledger: '1', timeout: '25' },
      { status: 'PAID', ledger: '1', timeout: '25' },
    ]);
    expect(headers).toEqual(['Bearer t0k', 'Bearer t0k', 'Bearer t0k']);
    // An unchanged answer after the full wait is simply asked again; nothing slept.
    expect(slept).toEqual([]);
    expect(changes.map((c) => [c.status, c.ledgerSeq])).toEqual([
      ['PAID', null],
      ['PAID', 7],
    ]);
  });

  it('backs off 2, 4, 8 s on a weak signal and re-checks between, instead of storming', async () => {
    const clock = { t: 0 };
    const html = () => new Response('<html>502 Bad Gateway</html>', { status: 502 });
    const asked = stubWaits(['network', html(), 'network', { status: 'PAID', ledgerSeq: 3 }], clock);
    const { result, slept, rechecks } = follow(clock);
    expect(await result).toBe(true);
    expect(asked).toHaveLength(4);
    expect(slept).toEqual([2000, 4000, 8000]);
    expect(rechecks.count).toBe(3);
    expect(backoffMs(10, () => 0.5)).toBe(30_000);
    expect(backoffMs(1, () => 0)).toBe(1600);
  });

  it('backs off when something between answers "unchanged" at once (a proxy cutting the wait short)', async () => {
    const clock = { t: 0 };
    const asked = stubWaits(
      [
        { status: 'PENDING', changed: false },
        { status: 'PENDING', changed: false },
        { status: 'PAID', ledgerSeq: 1 },
      ],
      clock,
      10,
    );
    const { result, slept } = follow(clock);
    expect(await result).toBe(true);
    expect(asked).toHaveLength(3);
    expect(slept).toEqual([2000, 4000]);
  });

  it('takes what the re-check read and follows on from there', async () => {
    const clock = { t: 0 };
    const asked = stubWaits(['network', { status: 'PAID', ledgerSeq: 9 }], clock);
    const { result } = follow(clock, { recheck: () => Promise.resolve({ status: 'PAID', ledgerSeq: null }) });
    expect(await result).toBe(true);
    expect(asked[1]).toMatchObject({ status: 'PAID', ledger: '1' });
  });

  it('stops at an answer that asking again will not mend, and gives up after its time', async () => {
    const notFound = () => Response.json({ code: 'NOT_FOUND', message: '没有找到捐赠 SC1' }, { status: 404 });
    stubWaits([notFound()], { t: 0 });
    await expect(follow({ t: 0 }).result).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const clock = { t: 0 };
    stubWaits(
      Array.from({ length: 5 }, () => ({ status: 'PENDING' as const, changed: false })),
      clock,
    );
    expect(await follow(clock).result).toBe(false);
  });
});
