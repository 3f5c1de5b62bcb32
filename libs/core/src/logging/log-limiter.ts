/** The part of a pino logger the limiter writes to. */
export interface BurstLog {
  warn(obj: object, msg: string): void;
}

export interface LogLimiterOptions {
  /** How long a burst is gathered before its one line is written. */
  windowMs: number;
  /** Distinct reasons kept per line; the rest are counted under `otherReasons`. */
  maxReasons?: number;
  /** Timers, replaceable in tests. */
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
}

interface Burst {
  count: number;
  reasons: Map<string, number>;
  otherReasons: number;
  firstAt: number;
  lastAt: number;
  fields: object;
  timer: unknown;
}

/**
 * One log line per burst instead of one per event: the first event of a key opens a window, the
 * events until it closes are counted (by reason), and one line with the count is written when it
 * closes. Refused requests that anyone can send at any rate (forged WeChat Pay notifications, a
 * dependency that is down) then cannot flood the log, and nothing is hidden: the count says how many.
 */
export class LogLimiter {
  private readonly bursts = new Map<string, Burst>();
  private readonly maxReasons: number;
  private readonly setTimer: NonNullable<LogLimiterOptions['setTimer']>;
  private readonly clearTimer: NonNullable<LogLimiterOptions['clearTimer']>;
  private readonly now: () => number;

  constructor(
    private readonly log: BurstLog,
    private readonly msg: string,
    private readonly options: LogLimiterOptions,
  ) {
    this.maxReasons = options.maxReasons ?? 10;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as NodeJS.Timeout));
    this.now = options.now ?? Date.now;
  }

  /**
   * Counts one event of `key` (say, the HTTP status refused). `fields` of the burst's first event
   * go on the line; `reason` is tallied, so the line says what happened how often.
   */
  record(key: string, reason: string, fields: object = {}): void {
    const now = this.now();
    let burst = this.bursts.get(key);
    if (!burst) {
      const timer = this.setTimer(() => this.flushKey(key), this.options.windowMs);
      // A pending line never keeps the process alive; shutdown flushes it (flush()).
      timer.unref?.();
      burst = { count: 0, reasons: new Map(), otherReasons: 0, firstAt: now, lastAt: now, fields, timer };
      this.bursts.set(key, burst);
    }
    burst.count++;
    burst.lastAt = now;
    const seen = burst.reasons.get(reason);
    if (seen !== undefined) burst.reasons.set(reason, seen + 1);
    else if (burst.reasons.size < this.maxReasons) burst.reasons.set(reason, 1);
    else burst.otherReasons++;
  }

  /** Writes every open burst now (at shutdown, so no count is lost). */
  flush(): void {
    for (const key of [...this.bursts.keys()]) this.flushKey(key);
  }

  private flushKey(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    this.clearTimer(burst.timer);
    this.log.warn(
      {
        ...burst.fields,
        key,
        count: burst.count,
        reasons: Object.fromEntries(burst.reasons),
        ...(burst.otherReasons ? { otherReasons: burst.otherReasons } : {}),
        firstAt: new Date(burst.firstAt).toISOString(),
        lastAt: new Date(burst.lastAt).toISOString(),
        windowMs: this.options.windowMs,
      },
      this.msg,
    );
  }
}
