import { DomainError, ErrorCode, Wakeups } from '@shanchou/core';
import { DonorPrincipal } from '@shanchou/identity';
import { captureLogs } from '@shanchou/test';
import { DonationEntity } from './donation.entity';
import { DonationRepository } from './donation.repository';
import { DonationStatus } from './donation-status';
import { DonationWaits, TooManyWaitsError, WAITS_PER_CALLER } from './donation-waits';

const donor = (donorId: string): DonorPrincipal => ({ kind: 'donor', sessionId: 's', donorId });
const PENDING = { status: DonationStatus.PENDING, awaitingLedger: true };

/** Donations in memory, counting reads. */
class Donations {
  readonly rows = new Map<string, DonationEntity>();
  reads = 0;

  add(receiptNo: string, donorId = 'd1'): DonationEntity {
    const row = Object.assign(new DonationEntity(), {
      receiptNo,
      donorId,
      status: DonationStatus.PENDING,
      paidAt: null,
      ledgerSeq: null,
    });
    this.rows.set(receiptNo, row);
    return row;
  }

  byReceiptNo(receiptNo: string): Promise<DonationEntity | null> {
    this.reads++;
    return Promise.resolve(this.rows.get(receiptNo) ?? null);
  }
}

describe('DonationWaits', () => {
  const { log } = captureLogs('warn');
  let wakeups: Wakeups;
  let donations: Donations;
  let waits: DonationWaits;
  beforeEach(() => {
    wakeups = new Wakeups({ prefix: 'spec', logBurstWindowMs: 1000 }, log);
    donations = new Donations();
    waits = new DonationWaits(donations as unknown as DonationRepository, wakeups, log);
  });
  afterEach(() => wakeups.close());

  const wait = (receiptNo: string, timeoutMs = 10_000, signal = new AbortController().signal, who = donor('d1')) =>
    waits.progress(who, '10.0.0.1', receiptNo, PENDING, timeoutMs, signal);

  it('answers at once when the gift already differs from what the page has', async () => {
    const row = donations.add('SC1');
    row.status = DonationStatus.PAID;
    row.paidAt = new Date('2026-05-01T02:00:00Z');
    expect(await wait('SC1')).toEqual({
      receiptNo: 'SC1',
      status: DonationStatus.PAID,
      paidAt: '2026-05-01T02:00:00.000Z',
      ledgerSeq: null,
      changed: true,
    });
    expect(wakeups.channels).toBe(0);
  });

  it('is woken by an announce after the change, reads again, and ignores a wake-up without one', async () => {
    const row = donations.add('SC1');
    const answer = wait('SC1');
    await until(() => wakeups.channels === 1);
    await waits.announce('SC1');
    await until(() => donations.reads >= 3);
    expect(wakeups.channels).toBe(1);
    row.status = DonationStatus.PAID;
    row.ledgerSeq = '41';
    const announced = Date.now();
    await waits.announce('SC1');
    expect(await answer).toMatchObject({ status: DonationStatus.PAID, ledgerSeq: 41, changed: true });
    expect(Date.now() - announced).toBeLessThan(500);
    expect(wakeups.channels).toBe(0);
  });

  it('answers unchanged after the time-out, and waits only for the status without ledger=1', async () => {
    const row = donations.add('SC1');
    row.status = DonationStatus.PAID;
    row.ledgerSeq = null;
    const paid = { status: DonationStatus.PAID, awaitingLedger: false };
    const answer = await waits.progress(donor('d1'), 'a', 'SC1', paid, 100, new AbortController().signal);
    expect(answer).toMatchObject({ status: DonationStatus.PAID, changed: false });
  });

  it("refuses another donor's gift as one that does not exist", async () => {
    donations.add('SC1', 'someone-else');
    const refusal = await wait('SC1').catch((err: unknown) => err);
    const none = await wait('SC404').catch((err: unknown) => err);
    for (const err of [refusal, none]) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: ErrorCode.NOT_FOUND, field: 'receiptNo' });
    }
  });

  it('holds a few waits per caller, gives the seats back when a page goes away or the server stops', async () => {
    for (let i = 0; i <= WAITS_PER_CALLER; i++) donations.add(`SC${i}`);
    const pages = Array.from({ length: WAITS_PER_CALLER }, () => new AbortController());
    const held = pages.map((page, i) => wait(`SC${i}`, 10_000, page.signal));
    await until(() => wakeups.channels === WAITS_PER_CALLER);
    await expect(wait(`SC${WAITS_PER_CALLER}`)).rejects.toBeInstanceOf(TooManyWaitsError);
    // Another donor has seats of their own.
    donations.add('SC-other', 'd2');
    const other = wait('SC-other', 10_000, new AbortController().signal, donor('d2'));

    pages[0].abort();
    expect(await held[0]).toMatchObject({ changed: false });
    const next = wait(`SC${WAITS_PER_CALLER}`);
    await until(() => wakeups.channels === WAITS_PER_CALLER + 1);

    waits.beforeApplicationShutdown();
    const ended = await Promise.all([...held.slice(1), next, other]);
    expect(ended.every((a) => a.changed === false)).toBe(true);
    expect(wakeups.channels).toBe(0);
  });

  it('announce never throws', async () => {
    jest.spyOn(wakeups, 'publish').mockRejectedValue(new Error('boom'));
    await expect(waits.announce('SC1')).resolves.toBeUndefined();
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
