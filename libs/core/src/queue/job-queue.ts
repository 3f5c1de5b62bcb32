import { QueueName } from './queue-names';

export interface JobOptions {
  /** The business key or outbox id: adding the same id twice runs the job once. */
  jobId: string;
  delayMs?: number;
  /** Tries before the job is given up (default 5, with exponential back-off). */
  attempts?: number;
}

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
   * Adds `name` to `queue` every `everyMs`, however many processes call this: one schedule per
   * `scheduleId`. Only the processes that run jobs call it.
   */
  abstract repeat(queue: QueueName, scheduleId: string, name: string, everyMs: number): Promise<void>;
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
