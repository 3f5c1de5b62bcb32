import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, ROOT_LOGGER, RootLogger, Wakeups, WakeupSubscription } from '@shanchou/core';
import { Principal } from '@shanchou/identity';
import { DonationEntity } from './donation.entity';
import { DonationRepository } from './donation.repository';
import { DonationStatus } from './donation-status';

/** The longest wait a page may ask for: under the 30–60 s idle time-outs of typical proxies. */
export const MAX_DONATION_WAIT_SECONDS = 25;
/** While waiting the database is read again this often anyway, should a wake-up be lost. */
const RECHECK_MS = 5000;
/** Concurrent waits per caller (a donor has one result page open, maybe two), per address (a NAT), per process. */
export const WAITS_PER_CALLER = 3;
export const WAITS_PER_ADDRESS = 50;
export const WAITS_PER_PROCESS = 5000;

/** What the donor's page shows of a gift's progress: the long poll's answer. */
export interface DonationProgress {
  receiptNo: string;
  status: DonationStatus;
  paidAt: string | null;
  /** Null until the sequencer integrated the gift into the public ledger (正在入账). */
  ledgerSeq: number | null;
  /** False when the wait ran out (or the server is stopping) with the state the page already had. */
  changed: boolean;
}

/** What the page already has: it is answered as soon as the donation differs. */
export interface KnownProgress {
  status: DonationStatus;
  /** The page has no ledgerSeq yet and waits for it too. */
  awaitingLedger: boolean;
}

/** Too many waits open at once for this caller, address or process: 429. */
export class TooManyWaitsError extends Error {
  constructor() {
    super('同时等待支付结果的请求太多，请稍后再试');
    this.name = 'TooManyWaitsError';
  }
}

function progressOf(d: DonationEntity, changed: boolean): DonationProgress {
  return {
    receiptNo: d.receiptNo,
    status: d.status,
    paidAt: d.paidAt ? d.paidAt.toISOString() : null,
    ledgerSeq: d.ledgerSeq === null ? null : Number(d.ledgerSeq),
    changed,
  };
}

function differs(d: DonationEntity, known: KnownProgress): boolean {
  return d.status !== known.status || (known.awaitingLedger && d.ledgerSeq !== null);
}

/**
 * The donor's result page learns that a gift was paid, and later its ledger seq, from one held
 * request instead of a poll every few hundred milliseconds: DonationService announces each change
 * after it commits (a credit; the ledger integrating the gift), on the donation's channel, which
 * wakes waits in every API process (Wakeups: Redis pub/sub, in memory when embedded). The database
 * stays the truth: a woken wait reads it, and reads it every few seconds anyway.
 */
@Injectable()
export class DonationWaits implements BeforeApplicationShutdown {
  private readonly perCaller = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  private open = 0;
  /** Ends every wait at shutdown, so the server does not hold its close for them. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly donations: DonationRepository,
    private readonly wakeups: Wakeups,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /** Wakes every page waiting on this gift. Never throws: a missed wake-up only delays an answer. */
  async announce(receiptNo: string): Promise<void> {
    try {
      await this.wakeups.publish(channelOf(receiptNo));
    } catch (err) {
      this.log.warn({ err, receiptNo }, 'a donation wake-up could not be announced');
    }
  }

  /**
   * The gift's progress as soon as it differs from what the page has, or after `timeoutMs` as it
   * is. Another donor's gift answers as one that does not exist. Throws TooManyWaitsError when
   * the caller already holds its share of waits.
   */
  async progress(
    caller: Principal,
    address: string,
    receiptNo: string,
    known: KnownProgress,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<DonationProgress> {
    const deadline = Date.now() + Math.min(timeoutMs, MAX_DONATION_WAIT_SECONDS * 1000);
    let current = await this.read(caller, receiptNo);
    if (differs(current, known)) return progressOf(current, true);
    if (deadline <= Date.now()) return progressOf(current, false);

    const release = this.admit(
      caller.kind === 'donor' ? `donor:${caller.donorId}` : `staff:${caller.staffId}`,
      address,
    );
    // The page went away, or the server is stopping (not AbortSignal.any: its composites of a
    // signal that lives as long as the process were kept alive by it on Node 20).
    const ended = new AbortController();
    const stop = ended.signal;
    const abort = () => ended.abort();
    signal.addEventListener('abort', abort, { once: true });
    this.stopping.signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted || this.stopping.signal.aborted) abort();
    let subscription: WakeupSubscription | undefined;
    try {
      // Listening before the second read: a change committed after it still wakes this wait.
      subscription = await this.wakeups.subscribe(channelOf(receiptNo));
      for (;;) {
        current = await this.read(caller, receiptNo);
        if (differs(current, known)) return progressOf(current, true);
        const left = deadline - Date.now();
        if (left <= 0 || stop.aborted) return progressOf(current, false);
        await subscription.next(Math.min(left, RECHECK_MS), stop);
        if (stop.aborted) return progressOf(current, false);
      }
    } finally {
      subscription?.close();
      release();
      signal.removeEventListener('abort', abort);
      this.stopping.signal.removeEventListener('abort', abort);
    }
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  private async read(caller: Principal, receiptNo: string): Promise<DonationEntity> {
    const found = await this.donations.byReceiptNo(receiptNo);
    if (!found || (caller.kind === 'donor' && found.donorId !== caller.donorId))
      throw new DomainError(ErrorCode.NOT_FOUND, `没有找到捐赠 ${receiptNo}`, 'receiptNo');
    return found;
  }

  /** Takes a seat for one wait, or refuses; the answer gives it back. */
  private admit(caller: string, address: string): () => void {
    const byCaller = this.perCaller.get(caller) ?? 0;
    const byAddress = this.perAddress.get(address) ?? 0;
    if (byCaller >= WAITS_PER_CALLER || byAddress >= WAITS_PER_ADDRESS || this.open >= WAITS_PER_PROCESS)
      throw new TooManyWaitsError();
    this.perCaller.set(caller, byCaller + 1);
    this.perAddress.set(address, byAddress + 1);
    this.open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      decrement(this.perCaller, caller);
      decrement(this.perAddress, address);
    };
  }
}

function channelOf(receiptNo: string): string {
  return `donation:${receiptNo}`;
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
