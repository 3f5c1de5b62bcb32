import { CronSchedule } from './cron';
import { QueueName } from './queue-names';

export interface JobOptions {
  /** The business key or outbox id: adding the same id twice runs the job once. */
  jobId: string;
  delayMs?: number;
  /** Tries before the job is given up (default 5, with exponential back-off). */
  attempts?: number;
  /** The first back-off (default BACKOFF_BASE_MS); each retry waits twice the one before. */
  backoffMs?: number;
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
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}

export const DEFAULT_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 1000;
