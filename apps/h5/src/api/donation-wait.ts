import { sessionToken } from '../session';
import { ApiError, messageFor } from './graphql';
import type { DonationStatus } from './operations';

/** What GET /donations/<receiptNo>/wait answers: the gift's progress (API.md, the long poll). */
export interface DonationProgress {
  receiptNo: string;
  status: DonationStatus;
  paidAt: string | null;
  /** Null until the gift is integrated into the public ledger (正在入账). */
  ledgerSeq: number | null;
  /** False when the server's wait ran out with what the page already had. */
  changed: boolean;
}

export interface KnownProgress {
  status: DonationStatus;
  ledgerSeq: number | null;
}

/** The longest wait the server holds; it answers `changed: false` after it. */
export const WAIT_SECONDS = 25;

/**
 * One held request: answered as soon as the gift differs from `known` (another status, or the
 * ledger seq filled in), else after WAIT_SECONDS as it is. Throws ApiError (message in Chinese).
 */
export async function waitForDonation(
  receiptNo: string,
  known: KnownProgress,
  { signal, timeoutSeconds = WAIT_SECONDS }: { signal?: AbortSignal; timeoutSeconds?: number } = {},
): Promise<DonationProgress> {
  const token = sessionToken('donor');
  const query = new URLSearchParams({
    status: known.status,
    ledger: known.ledgerSeq === null ? '1' : '0',
    timeout: String(timeoutSeconds),
  });
  let res: Response;
  try {
    res = await fetch(`/donations/${encodeURIComponent(receiptNo)}/wait?${query.toString()}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('NETWORK', messageFor('NETWORK'));
  }
  if (res.status === 429) throw new ApiError('RATE_LIMITED', messageFor('RATE_LIMITED'));
  let body: Partial<DonationProgress> & { code?: string; message?: string; field?: string };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // A proxy's own error page (502, 504 after its idle time-out) is not JSON.
    throw new ApiError('SERVER', messageFor('SERVER'), `HTTP ${res.status}`);
  }
  if (!res.ok || typeof body.status !== 'string') {
    const code = body.code ?? 'SERVER';
    throw new ApiError(code, messageFor(code), body.message ?? `HTTP ${res.status}`, body.field);
  }
  return body as DonationProgress;
}

/** Errors that asking again will not mend: the page shows them and stops. */
const FINAL = new Set(['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT']);

export interface FollowOptions {
  /** The page stops following when this is true of the gift (say: paid and in the ledger). */
  done: (progress: KnownProgress) => boolean;
  /** Told every time the server says the gift changed. */
  onChange: (progress: DonationProgress) => void;
  /**
   * The slow re-check after a failed wait (a weak village signal, a proxy that cut the request):
   * the page reads the gift another way (GraphQL) and shows it; following goes on from its answer.
   */
  recheck: () => Promise<KnownProgress>;
  /** Stop after this long without `done`: the caller offers a 刷新 button. */
  giveUpAfterMs: number;
  signal: AbortSignal;
  /** Replaceable in tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Back-off after the n-th failure in a row: 2 s, 4 s, 8 s … up to 30 s, each ±20 % so phones spread out. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** (failures - 1), 30_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A wait answered unchanged sooner than this was cut short (by a proxy): treated as a failure. */
const SHORTEST_WAIT_MS = 1000;

/**
 * Follows a gift through the server's long poll until `done`, the time is up (false) or the
 * signal aborts: one request per change or per WAIT_SECONDS, never a poll every second. Failures
 * back off and fall back to `recheck`, so a flaky connection slows down instead of storming.
 */
export async function followDonation(
  receiptNo: string,
  start: KnownProgress,
  options: FollowOptions,
): Promise<boolean> {
  const { done, onChange, recheck, signal, giveUpAfterMs } = options;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const deadline = now() + giveUpAfterMs;
  let known: KnownProgress = { status: start.status, ledgerSeq: start.ledgerSeq };
  let failures = 0;
  while (!done(known)) {
    if (signal.aborted) return false;
    const left = deadline - now();
    if (left <= 0) return false;
    const asked = now();
    try {
      const progress = await waitForDonation(receiptNo, known, {
        signal,
        timeoutSeconds: Math.max(1, Math.min(WAIT_SECONDS, Math.ceil(left / 1000))),
      });
      known = { status: progress.status, ledgerSeq: progress.ledgerSeq };
      if (progress.changed) {
        failures = 0;
        onChange(progress);
        continue;
      }
      if (now() - asked >= SHORTEST_WAIT_MS) {
        failures = 0;
        continue;
      }
    } catch (err) {
      if (signal.aborted) return false;
      if (err instanceof ApiError && FINAL.has(err.code)) throw err;
    }
    failures++;
    await sleep(backoffMs(failures, random), signal);
    if (signal.aborted) return false;
    try {
      const read = await recheck();
      known = { status: read.status, ledgerSeq: read.ledgerSeq };
    } catch (err) {
      if (signal.aborted) return false;
      if (err instanceof ApiError && FINAL.has(err.code)) throw err;
    }
  }
  return true;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
