import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { RootLogger } from '../logging/logger';
import { workContext } from '../logging/request-context';
import { parseDailyPattern } from './cron';
import {
  Backoff,
  backoffDelay,
  DEFAULT_BACKOFF,
  JobHandler,
  JobOptions,
  JobQueue,
  JobState,
  Repeat,
  UnrecoverableJobError,
  UNTIL_PARKED,
} from './job-queue';
import { QueueName } from './queue-names';

/** Finished jobs are kept a day, so an id re-added by a retried relay is recognised. */
const KEEP_COMPLETED = { age: 24 * 3600, count: 50_000 };
const KEEP_FAILED = { age: 30 * 24 * 3600 };

/** How long a producer command may wait for Redis before it fails (the caller tries again later). */
const PRODUCER_TIMEOUT_MS = 3000;

/** Exponential back-off that stops growing at the queue's ceiling (BullMQ's own has no ceiling). */
const CAPPED = 'capped';

/** BullMQ on Redis: durable, shared by every API and worker process. */
export class BullMqJobQueue extends JobQueue {
  readonly durable = true;
  /** The workers' blocking connection: waits out an outage (BullMQ requires no retry limit). */
  private readonly connection: IORedis;
  /**
   * Adding, asking about and removing jobs, and the health ping: fails within PRODUCER_TIMEOUT_MS
   * while Redis is down, so a relay batch or a health check is not held for the outage's length.
   */
  private readonly producer: IORedis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<QueueName, { handler: JobHandler; concurrency: number }>();

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly log: RootLogger,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
    /** JOB_LOCK_SECONDS: a killed worker's jobs are taken back after this lock runs out. */
    private readonly lockMs = 30_000,
  ) {
    super();
    // maxRetriesPerRequest: null is what BullMQ's blocking worker connections require.
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (err) => this.log.warn({ err }, 'redis connection error'));
    this.producer = new IORedis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: PRODUCER_TIMEOUT_MS });
    // The workers' connection already says when Redis is away: one warning per outage is enough.
    this.producer.on('error', () => undefined);
  }

  async add(queue: QueueName, name: string, data: object, options: JobOptions): Promise<void> {
    await this.queue(queue).add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? UNTIL_PARKED,
      backoff: { type: CAPPED, delay: options.backoffMs ?? this.backoff.baseMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: KEEP_FAILED,
    });
  }

  async repeat(queue: QueueName, scheduleId: string, name: string, every: Repeat): Promise<void> {
    // The same daily-only rule as the in-process driver, so a schedule runs alike under both.
    if (typeof every !== 'number') parseDailyPattern(every.pattern);
    await this.queue(queue).upsertJobScheduler(
      scheduleId,
      typeof every === 'number' ? { every } : { pattern: every.pattern, tz: every.tz },
      {
        name,
        data: {},
        opts: { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
      },
    );
  }

  async nextRun(queue: QueueName, scheduleId: string): Promise<Date | null> {
    const next = (await this.queue(queue).getJobScheduler(scheduleId))?.next;
    return next === undefined ? null : new Date(next);
  }

  process(queue: QueueName, handler: JobHandler, concurrency = 1): void {
    if (this.handlers.has(queue)) throw new Error(`queue ${queue} already has a handler`);
    this.handlers.set(queue, { handler, concurrency });
  }

  start(): Promise<void> {
    for (const [queue, { handler, concurrency }] of this.handlers) {
      const worker = new Worker(
        queue,
        (job: Job) =>
          workContext.run({ jobId: job.id, queue }, async () => {
            try {
              await handler({
                id: job.id ?? '',
                queue,
                name: job.name,
                data: job.data,
                attempt: job.attemptsMade + 1,
                queuedAt: new Date(job.timestamp),
              });
            } catch (err) {
              if (err instanceof UnrecoverableJobError) throw new UnrecoverableError(err.message);
              throw err;
            }
          }),
        {
          connection: this.connection,
          prefix: this.prefix,
          concurrency,
          // The stalled check looks as often as the lock lasts, so a dead worker's job waits at most two.
          lockDuration: this.lockMs,
          stalledInterval: this.lockMs,
          settings: {
            backoffStrategy: (
              attemptsMade: number,
              type?: string,
              _err?: Error,
              job?: { opts: { backoff?: unknown } },
            ) => {
              const base = backoffBase(job?.opts.backoff) ?? this.backoff.baseMs;
              return type === CAPPED ? backoffDelay(attemptsMade, base, this.backoff.ceilingMs) : base;
            },
          },
        },
      );
      worker.on('failed', (job, err) =>
        this.log.warn({ err, jobId: job?.id, queue, attempt: job?.attemptsMade }, 'job failed'),
      );
      worker.on('error', (err) => this.log.error({ err, queue }, 'queue worker error'));
      this.workers.push(worker);
    }
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    // Worker.close() waits for the jobs in hand to finish.
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
  }

  /** Polls the job's state: simpler and sturdier than a QueueEvents stream for an occasional wait. */
  async settled(queue: QueueName, jobId: string): Promise<'completed' | 'failed'> {
    for (;;) {
      const job = await Job.fromId(this.queue(queue), jobId);
      if (!job) throw new Error(`no job ${jobId} in ${queue}`);
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return state;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async state(queue: QueueName, jobId: string): Promise<JobState> {
    const state = await this.queue(queue).getJobState(jobId);
    switch (state) {
      case 'completed':
      case 'failed':
      case 'active':
      case 'delayed':
      case 'waiting':
        return state;
      case 'prioritized':
      case 'waiting-children':
        return 'waiting';
      case 'unknown':
        return 'missing';
    }
  }

  async remove(queue: QueueName, jobId: string): Promise<void> {
    await this.queue(queue).remove(jobId);
  }

  async ping(): Promise<void> {
    await this.producer.ping();
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await this.connection.quit().catch(() => undefined);
    await this.producer.quit().catch(() => undefined);
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }
}

function backoffBase(backoff: unknown): number | undefined {
  if (typeof backoff === 'object' && backoff !== null && 'delay' in backoff && typeof backoff.delay === 'number')
    return backoff.delay;
  return undefined;
}
