import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RootLogger } from '../logging/logger';
import { JobQueue } from '../queue/job-queue';
import { isQueueName, QueueName } from '../queue/queue-names';
import { Transactions } from '../database/transactions';
import { OutboxSignal } from './outbox-signal';

interface PendingRow {
  id: string;
  queue: string;
  job_name: string;
  job_key: string | null;
  payload: Record<string, unknown>;
}

export interface RelayOptions {
  batchSize?: number;
  pollMs?: number;
}

/** Dispatched rows are kept this long for inspection, then purged. */
export const OUTBOX_RETENTION_DAYS = 7;

/** In-process queue: how long a handed-over row is left to its job before another relay may take it. */
export const IN_PROCESS_LEASE_SECONDS = 60;

/**
 * Moves committed outbox rows to the queue. Several relays (one per worker process) share the
 * table: `FOR UPDATE SKIP LOCKED` gives each row to one of them, and the job id is the row id,
 * so a relay that dies after enqueueing but before marking the row causes no second run.
 */
@Injectable()
export class OutboxRelay {
  private running = false;
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private again = false;
  /** In-process queue only: row updates waiting on finished jobs. */
  private readonly marking = new Set<Promise<void>>();
  private readonly transactions: Transactions;
  private batchSize = 100;
  private pollMs = 500;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
    private readonly signal: OutboxSignal,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {
    this.transactions = new Transactions(dataSource);
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

  /** Relays until the outbox has nothing ready; returns how many rows were handed over. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  /** One batch in one transaction: lock ready rows, enqueue them, mark them (durable queue). */
  async relayBatch(): Promise<number> {
    const durable = this.queue.durable;
    return this.transactions.run(async (tx) => {
      const rows: PendingRow[] = await tx.query(
        `SELECT id, queue, job_name, job_key, payload FROM outbox_message
          WHERE dispatched_at IS NULL AND available_at <= now()
          ORDER BY created_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      const handed: { id: string; jobId: string; queue: QueueName }[] = [];
      for (const row of rows) {
        if (!isQueueName(row.queue)) {
          // Dead-lettered: kept with its error for an operator, never retried in a loop.
          await tx.query(`UPDATE outbox_message SET dispatched_at = now(), last_error = $2 WHERE id = $1`, [
            row.id,
            `unknown queue ${row.queue}`,
          ]);
          this.log.error({ outboxId: row.id, queue: row.queue }, 'outbox row names an unknown queue');
          continue;
        }
        const jobId = row.job_key ?? row.id;
        await this.queue.add(row.queue, row.job_name, row.payload, { jobId });
        handed.push({ id: row.id, jobId, queue: row.queue });
      }
      if (handed.length === 0) return rows.length;
      const ids = handed.map((h) => h.id);
      if (durable) {
        await tx.query(
          `UPDATE outbox_message SET dispatched_at = now(), relay_attempts = relay_attempts + 1 WHERE id = ANY($1::uuid[])`,
          [ids],
        );
      } else {
        // A lease, not a mark: the job lives only in this process until it has run.
        await tx.query(
          `UPDATE outbox_message SET available_at = now() + make_interval(secs => $2), relay_attempts = relay_attempts + 1
            WHERE id = ANY($1::uuid[])`,
          [ids, IN_PROCESS_LEASE_SECONDS],
        );
        Transactions.afterCommit(tx, () => handed.forEach((h) => this.followInProcess(h.queue, h.id, h.jobId)));
      }
      return rows.length;
    });
  }

  async purgeDispatched(): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM outbox_message WHERE dispatched_at < now() - make_interval(days => $1)`,
      [OUTBOX_RETENTION_DAYS],
    );
    return count;
  }

  /**
   * The in-process queue forgets everything on a crash: the row is marked only when its job is
   * done; until then its lease keeps other relays off it, and a crash lets the lease run out.
   */
  private followInProcess(queue: QueueName, id: string, jobId: string): void {
    const mark: Promise<void> = this.queue
      .settled(queue, jobId)
      .then((outcome) =>
        this.dataSource.query(
          `UPDATE outbox_message SET dispatched_at = now(), relay_attempts = relay_attempts + 1,
             last_error = CASE WHEN $2 THEN NULL ELSE 'job failed' END WHERE id = $1`,
          [id, outcome === 'completed'],
        ),
      )
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err, outboxId: id }, 'could not mark outbox row dispatched'))
      .finally(() => this.marking.delete(mark));
    this.marking.add(mark);
  }

  /** Waits until the rows of finished in-process jobs are marked (call after the queue stopped). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.marking]);
  }

  private wake(): void {
    if (!this.running) return;
    if (this.current) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.current = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err }, 'outbox relay failed; retrying'))
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
