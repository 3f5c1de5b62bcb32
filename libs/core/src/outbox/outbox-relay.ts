import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';
import { JobQueue } from '../queue/job-queue';
import { isQueueName, QueueName } from '../queue/queue-names';
import { DueRow, OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

export interface RelayOptions {
  batchSize?: number;
  pollMs?: number;
}

/** Completed rows are kept this long for inspection, then purged; dead rows stay until retried. */
export const OUTBOX_RETENTION_DAYS = 7;

/**
 * Moves committed outbox rows to the queue, and keeps them there: the row, not Redis, is the
 * truth. Handing a row over leases it; when the lease runs out the relay asks the queue about
 * the job: finished (its completion was not recorded) → the row is completed; still waiting,
 * running or backing off → the lease is renewed; gone (Redis restarted without persistence,
 * evicted it) or failed without being parked → handed over again. Several relays (one per
 * worker process) share the table: `FOR UPDATE SKIP LOCKED` gives each row to one of them, and
 * the job id is the row's key or id, so a row handed over twice runs one job.
 */
@Injectable()
export class OutboxRelay {
  private running = false;
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private again = false;
  private readonly transactions: Transactions;
  private readonly rows: OutboxRepository;
  private batchSize = 100;
  private pollMs = 500;

  constructor(
    dataSource: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
    private readonly signal: OutboxSignal,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
    private readonly config: AppConfig,
  ) {
    this.transactions = new Transactions(dataSource);
    this.rows = new OutboxRepository(dataSource);
  }

  start(options: RelayOptions = {}): void {
    if (this.running) return;
    this.batchSize = options.batchSize ?? this.batchSize;
    this.pollMs = options.pollMs ?? this.pollMs;
    this.running = true;
    this.signal.subscribe(() => this.wake());
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.current;
  }

  /** Relays until the outbox has nothing due; returns how many rows were looked at. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** One batch in one transaction: lock due rows, hand over (or look at) their jobs, lease them. */
  async relayBatch(): Promise<number> {
    return this.transactions.run(async (tx) => {
      const due = await this.rows.lockDue(tx, this.batchSize);
      const leased: string[] = [];
      const handed: string[] = [];
      const completed: string[] = [];
      for (const row of due) {
        if (!isQueueName(row.queue)) {
          // Parked at once: kept with its error for an operator, never retried in a loop.
          await this.rows.killRow(tx, row.id, `unknown queue ${row.queue}`);
          this.log.error({ outboxId: row.id, queue: row.queue }, 'outbox row names an unknown queue');
          continue;
        }
        const outcome = await this.relayRow(row.queue, row);
        if (outcome === 'completed') completed.push(row.id);
        else {
          leased.push(row.id);
          if (outcome === 'handed') handed.push(row.id);
        }
      }
      if (completed.length > 0) await this.rows.completeRows(tx, completed);
      if (leased.length > 0) await this.rows.lease(tx, leased, handed, this.config.jobs.leaseSeconds);
      return due.length;
    });
  }

  private async relayRow(queue: QueueName, row: DueRow): Promise<'handed' | 'in queue' | 'completed'> {
    const jobId = row.jobKey ?? row.id;
    const state = await this.queue.state(queue, jobId);
    switch (state) {
      case 'completed':
        return 'completed';
      case 'waiting':
      case 'delayed':
      case 'active':
        return 'in queue';
      case 'failed':
        // The queue gave the job up without the runner parking it (a worker killed too often
        // mid-job), or a district admin retried it: it starts again.
        await this.queue.remove(queue, jobId);
        break;
      case 'missing':
        break;
    }
    if (row.relayAttempts > 0) {
      this.log.warn(
        { outboxId: row.id, jobId, queue, state, relayAttempts: row.relayAttempts },
        'outbox job handed over again',
      );
    }
    await this.queue.add(queue, row.jobName, row.payload, { jobId });
    return 'handed';
  }

  async purgeCompleted(): Promise<number> {
    return this.rows.purgeCompleted(OUTBOX_RETENTION_DAYS);
  }

  /** While Redis or PostgreSQL is down the relay fails every poll: one line, then one a minute. */
  private failingSince?: number;
  private failures = 0;
  private lastFailureLog = 0;

  private failed(err: unknown): void {
    const now = Date.now();
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.failures = 0;
    }
    this.failures++;
    if (this.failures === 1 || now - this.lastFailureLog >= 60_000) {
      this.lastFailureLog = now;
      this.log.error({ err, failures: this.failures }, 'outbox relay failed; retrying');
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.current = this.drain()
      .then(() => {
        if (this.failingSince !== undefined) {
          this.log.info({ failures: this.failures, sinceMs: Date.now() - this.failingSince }, 'outbox relay recovered');
          this.failingSince = undefined;
        }
      })
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        this.current = undefined;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.pollMs);
        }
      });
  }
}
