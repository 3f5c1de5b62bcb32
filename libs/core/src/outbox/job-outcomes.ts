import { Inject, Injectable } from '@nestjs/common';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';
import { QueuedJob } from '../queue/job-queue';
import { OutboxRepository } from './outbox.repository';

/** How long a kind of job keeps trying before it is parked as dead. */
export interface RetryPolicy {
  /** Measured from when its outbox row was written (or, for a scheduled job, first queued). */
  retryForMs: number;
}

/** A day: longer than WeChat keeps an unpaid order (24 h), so a payment query outlives any outage. */
export const DEFAULT_RETRY: RetryPolicy = { retryForMs: 25 * 3600_000 };

/** What the job runner reports back to the outbox: a job finished, failed once, or was given up. */
@Injectable()
export class JobOutcomes {
  constructor(
    private readonly rows: OutboxRepository,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /** The handler finished: the job's rows are done (a job of a schedule has none). */
  async completed(job: QueuedJob): Promise<void> {
    await this.rows.completeJob(job.queue, job.id);
  }

  /**
   * A try failed. Returns true when the job is to be given up: it cannot succeed, or it has been
   * trying for longer than its kind may. Then it is parked as dead with the error.
   */
  async failed(job: QueuedJob, err: unknown, policy: RetryPolicy, unrecoverable: boolean): Promise<boolean> {
    const error = describe(err);
    let since: Date;
    try {
      since = (await this.rows.recordFailure(job.queue, job.id, error)) ?? job.queuedAt;
    } catch (recordErr) {
      // The database is down too: keep trying; the try is not counted, the queue's back-off still is.
      this.log.warn({ err: recordErr, jobId: job.id }, 'could not record a failed job try');
      return false;
    }
    const giveUp = unrecoverable || Date.now() - since.getTime() >= policy.retryForMs;
    if (!giveUp) return false;
    await this.rows.park(
      { queue: job.queue, jobId: job.id, name: job.name, data: job.data, attempts: job.attempt },
      error,
    );
    this.log.error(
      { err, jobId: job.id, queue: job.queue, name: job.name, attempt: job.attempt },
      'job parked as dead',
    );
    return true;
  }
}

/** The error as an operator reads it: its name, message and, when it has one, its cause. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 2000);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}${cause}`.slice(0, 2000);
}
