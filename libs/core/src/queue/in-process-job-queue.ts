import { RootLogger } from '../logging/logger';
import { workContext } from '../logging/request-context';
import { nextDailyFire } from './cron';
import {
  Backoff,
  backoffDelay,
  DEFAULT_BACKOFF,
  JobHandler,
  JobOptions,
  JobQueue,
  JobState,
  QueuedJob,
  Repeat,
  UnrecoverableJobError,
  UNTIL_PARKED,
} from './job-queue';
import { QueueName } from './queue-names';

type Outcome = 'completed' | 'failed';

interface Entry {
  job: QueuedJob;
  maxAttempts: number;
  backoffMs: number;
  outcome: Promise<Outcome>;
  finish: (outcome: Outcome) => void;
  done: boolean;
  state: JobState;
}

interface Lane {
  handler: JobHandler;
  concurrency: number;
  running: number;
  pending: Entry[];
}

/** How many finished job ids are remembered, so a re-added id is not run twice. */
const REMEMBERED = 10_000;

/**
 * Jobs run in this process, behind the same interface as BullMQ: for the embedded demo, where
 * there is no Redis. Not durable: the outbox relay marks a row dispatched only once its job has
 * finished here, so a crash loses nothing that the outbox holds.
 */
export class InProcessJobQueue extends JobQueue {
  readonly durable = false;
  private readonly lanes = new Map<QueueName, Lane>();
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Each schedule's pending fire, so re-registering a schedule replaces it (as BullMQ's upsert does). */
  private readonly schedules = new Map<string, { at: Date; timer: NodeJS.Timeout }>();
  private readonly active = new Set<Promise<void>>();
  private running = false;

  constructor(
    private readonly log: RootLogger,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {
    super();
  }

  add(queue: QueueName, name: string, data: object, options: JobOptions): Promise<void> {
    if (this.entries.has(options.jobId)) return Promise.resolve();
    let finish: (outcome: Outcome) => void = () => undefined;
    const outcome = new Promise<Outcome>((resolve) => (finish = resolve));
    // A JSON round trip, as Redis does, so handlers see the same data under both drivers.
    const payload: unknown = JSON.parse(JSON.stringify(data));
    const entry: Entry = {
      job: { id: options.jobId, queue, name, data: payload, attempt: 0, queuedAt: new Date() },
      maxAttempts: options.attempts ?? UNTIL_PARKED,
      backoffMs: options.backoffMs ?? this.backoff.baseMs,
      outcome,
      finish,
      done: false,
      state: (options.delayMs ?? 0) > 0 ? 'delayed' : 'waiting',
    };
    this.remember(entry);
    this.later(options.delayMs ?? 0, () => this.enqueue(entry));
    return Promise.resolve();
  }

  repeat(queue: QueueName, scheduleId: string, name: string, every: Repeat): Promise<void> {
    const next = (): Date =>
      typeof every === 'number' ? new Date(Date.now() + every) : nextDailyFire(every, new Date());
    try {
      next(); // a pattern this driver cannot follow is refused now, not at the first fire
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const tick = (): void => {
      const at = next();
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.schedules.delete(scheduleId);
          void this.add(queue, name, {}, { jobId: `${scheduleId}.${at.getTime()}` });
          if (this.running) tick();
        },
        Math.max(0, at.getTime() - Date.now()),
      );
      this.timers.add(timer);
      this.schedules.set(scheduleId, { at, timer });
    };
    const previous = this.schedules.get(scheduleId);
    if (previous) {
      clearTimeout(previous.timer);
      this.timers.delete(previous.timer);
    }
    tick();
    return Promise.resolve();
  }

  nextRun(_queue: QueueName, scheduleId: string): Promise<Date | null> {
    return Promise.resolve(this.schedules.get(scheduleId)?.at ?? null);
  }

  process(queue: QueueName, handler: JobHandler, concurrency = 1): void {
    const lane = this.lanes.get(queue);
    if (lane) throw new Error(`queue ${queue} already has a handler`);
    this.lanes.set(queue, { handler, concurrency, running: 0, pending: [] });
  }

  start(): Promise<void> {
    this.running = true;
    for (const queue of this.lanes.keys()) this.pump(queue);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.schedules.clear();
    await Promise.allSettled([...this.active]);
  }

  settled(_queue: QueueName, jobId: string): Promise<Outcome> {
    const entry = this.entries.get(jobId);
    if (!entry) return Promise.reject(new Error(`no job ${jobId}`));
    return entry.outcome;
  }

  state(_queue: QueueName, jobId: string): Promise<JobState> {
    return Promise.resolve(this.entries.get(jobId)?.state ?? 'missing');
  }

  remove(_queue: QueueName, jobId: string): Promise<void> {
    const entry = this.entries.get(jobId);
    if (entry?.done) this.entries.delete(jobId);
    return Promise.resolve();
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.stop();
  }

  private later(delayMs: number, fn: () => void): void {
    if (delayMs <= 0) {
      queueMicrotask(fn);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, delayMs);
    this.timers.add(timer);
  }

  private remember(entry: Entry): void {
    this.entries.set(entry.job.id, entry);
    if (this.entries.size <= REMEMBERED) return;
    for (const [id, old] of this.entries) {
      if (this.entries.size <= REMEMBERED) break;
      if (old.done) this.entries.delete(id);
    }
  }

  private enqueue(entry: Entry): void {
    const lane = this.lanes.get(entry.job.queue);
    if (!lane) {
      this.log.error({ queue: entry.job.queue, jobId: entry.job.id }, 'job added to a queue nobody processes');
      return;
    }
    entry.state = 'waiting';
    lane.pending.push(entry);
    this.pump(entry.job.queue);
  }

  private pump(queue: QueueName): void {
    const lane = this.lanes.get(queue);
    if (!lane) return;
    while (this.running && lane.running < lane.concurrency && lane.pending.length > 0) {
      const entry = lane.pending.shift();
      if (entry) this.execute(lane, entry);
    }
  }

  private execute(lane: Lane, entry: Entry): void {
    lane.running++;
    entry.job.attempt++;
    entry.state = 'active';
    const job = { ...entry.job };
    const run = workContext
      .run({ jobId: job.id, queue: job.queue }, () => lane.handler(job))
      .then(
        () => this.settle(entry, 'completed'),
        (err: unknown) => this.retryOrFail(entry, err),
      )
      .finally(() => {
        lane.running--;
        this.active.delete(run);
        this.pump(job.queue);
      });
    this.active.add(run);
  }

  private retryOrFail(entry: Entry, err: unknown): void {
    const { job } = entry;
    const final = err instanceof UnrecoverableJobError || job.attempt >= entry.maxAttempts;
    this.log.warn({ err, jobId: job.id, queue: job.queue, attempt: job.attempt, final }, 'job failed');
    if (final) this.settle(entry, 'failed');
    else {
      entry.state = 'delayed';
      this.later(backoffDelay(job.attempt, entry.backoffMs, this.backoff.ceilingMs), () => this.enqueue(entry));
    }
  }

  private settle(entry: Entry, outcome: Outcome): void {
    entry.done = true;
    entry.state = outcome;
    entry.finish(outcome);
  }
}
