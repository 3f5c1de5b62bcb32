import { CronSchedule, QueuedJob, QueueName, RetryPolicy } from '@shanchou/core';

/**
 * One kind of job: its queue, its name, the class its payload must validate against, and the
 * handler. Handlers are idempotent: the same job may arrive twice (STYLE.md habit 8).
 */
export interface JobProcessor<T extends object = object> {
  readonly queue: QueueName;
  readonly jobName: string;
  readonly payload: new () => T;
  /** How long a failing job of this kind keeps trying before it is parked as dead (DEFAULT_RETRY: a day). */
  readonly retry?: RetryPolicy;
  handle(data: T, job: QueuedJob): Promise<void>;
}

/**
 * Jobs repeated on a schedule, registered once by every process that runs jobs: every so many
 * milliseconds, or daily by a zone's clock (`cron: { pattern: '30 10 * * *', tz: 'Asia/Shanghai' }`).
 */
export type JobSchedule = {
  queue: QueueName;
  scheduleId: string;
  jobName: string;
} & ({ everyMs: number; cron?: never } | { cron: CronSchedule; everyMs?: never });
