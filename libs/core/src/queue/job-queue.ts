import { CronSchedule } from './cron';
import { QueueName } from './queue-names';

export interface JobOptions {
  /** The business key or outbox id: adding the same id twice runs the job once. */
  jobId: string;
  delayMs?: number;
  /**
   * Tries before the queue gives the job up. By default it never does on its own: the job runner
   * decides, by how long the job's kind may keep trying, and parks it in the outbox as dead.
   */
  attempts?: number;
  /** The first back-off (the queue's base by default); each retry waits twice the one before, up to the ceiling. */
  backoffMs?: number;
}

/** Where a job is in the queue; `missing` when the queue has no job of that id (lost, or never added). */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'missing';

/** How long a failing job waits before its next try: doubling from the base, never above the ceiling. */
export interface Backoff {
  baseMs: number;
  ceilingMs: number;
}

export function backoffDelay(attemptsMade: number, baseMs: number, ceilingMs: number): number {
  const doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(baseMs * 2 ** doublings, Math.max(ceilingMs, baseMs));
}

/** How often a schedule fires: every so many milliseconds, or daily by a zone's clock. */
export type Repeat = number | CronSchedule;

export interface QueuedJob {
  id: string;
  queue: QueueName;
  name: string;
  data: unknown;
  /** 1 on the first try. */
  attempt: number;
  /** When the queue first took it (a job re-driven after Redis lost it starts again). */
  queuedAt: Date;
}

export type JobHandler = (job: QueuedJob) => Promise<void>;

/** Thrown by a handler when retrying cannot help (a malformed payload, say). */
export class UnrecoverableJobError extends Error {
  override name = 'UnrecoverableJobError';
}

/**
 * One interface over BullMQ (REDIS_URL) and the in-process driver (embedded demo), like
 * Laravel's queue connections. Producers call `add`; only apps/worker calls `process`.
 */
export abstract class JobQueue {
  /** True when an added job survives this process (Redis); false for the in-process driver. */
  abstract readonly durable: boolean;
  abstract add(queue: QueueName, name: string, data: object, options: JobOptions): Promise<void>;
  /**
   * Adds `name` to `queue` every `every` milliseconds, or daily at a zone's `{ pattern, tz }`,
   * however many processes call this: one schedule per `scheduleId`. Only the processes that
   * run jobs call it.
   */
  abstract repeat(queue: QueueName, scheduleId: string, name: string, every: Repeat): Promise<void>;
  /** When the schedule fires next, or null when there is no such schedule. */
  abstract nextRun(queue: QueueName, scheduleId: string): Promise<Date | null>;
  /** Registers the handler of a queue; jobs flow once `start` is called. */
  abstract process(queue: QueueName, handler: JobHandler, concurrency?: number): void;
  abstract start(): Promise<void>;
  /** Stops taking jobs and waits for the ones running. */
  abstract stop(): Promise<void>;
  /** Resolves when the job with this id has finished (completed, or failed for good). */
  abstract settled(queue: QueueName, jobId: string): Promise<'completed' | 'failed'>;
  /** Where the job with this id is: the relay asks, to re-drive a job the queue has lost. */
  abstract state(queue: QueueName, jobId: string): Promise<JobState>;
  /** Forgets a finished job, so its id can be added again (a dead job retried by hand). */
  abstract remove(queue: QueueName, jobId: string): Promise<void>;
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

/** The queue never gives up on its own before this many tries (the runner parks a job long before). */
export const UNTIL_PARKED = 1_000_000;
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, ceilingMs: 300_000 };
