import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A row the relay holds (locked) while it hands its job over or looks at it again. */
export interface DueRow {
  id: string;
  queue: string;
  jobName: string;
  jobKey: string | null;
  payload: Record<string, unknown>;
  relayAttempts: number;
}

/** A job given up on, as a district admin sees it. */
export interface DeadRow {
  id: string;
  queue: string;
  jobName: string;
  jobKey: string | null;
  lastError: string | null;
  deadAt: Date;
  jobAttempts: number;
  createdAt: Date;
}

/** The rows that carry one job: its key, or (without a key) the row whose id is the job id. */
const OF_JOB = `queue = $1 AND (job_key = $2 OR (job_key IS NULL AND id = $3::uuid))`;
const OPEN = `completed_at IS NULL AND dead_at IS NULL`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function jobParams(queue: string, jobId: string): [string, string, string | null] {
  return [queue, jobId, UUID.test(jobId) ? jobId : null];
}

/**
 * The outbox's SQL. Every method is unscoped: the outbox is the platform's own machinery, with
 * no caller region (dead jobs are shown to district admins only, who see everything).
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    row: { id: string; queue: string; jobName: string; jobKey: string | null; payload: object; delayMs: number },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO outbox_message (id, queue, job_name, job_key, payload, available_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now() + make_interval(secs => $6::double precision / 1000))`,
      [row.id, row.queue, row.jobName, row.jobKey, JSON.stringify(row.payload), row.delayMs],
    );
  }

  /** Open rows whose time has come (new ones, and handed-over ones whose lease ran out), locked. */
  async lockDue(tx: EntityManager, limit: number): Promise<DueRow[]> {
    const rows: {
      id: string;
      queue: string;
      job_name: string;
      job_key: string | null;
      payload: Record<string, unknown>;
      relay_attempts: number;
    }[] = await tx.query(
      `SELECT id, queue, job_name, job_key, payload, relay_attempts FROM outbox_message
        WHERE ${OPEN} AND available_at <= now()
        ORDER BY created_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      jobName: r.job_name,
      jobKey: r.job_key,
      payload: r.payload,
      relayAttempts: Number(r.relay_attempts),
    }));
  }

  /** The relay will look at these rows again after the lease; `handed` were given to the queue now. */
  async lease(tx: EntityManager, ids: string[], handed: string[], leaseSeconds: number): Promise<void> {
    await tx.query(
      `UPDATE outbox_message
          SET available_at = now() + make_interval(secs => $3),
              relay_attempts = relay_attempts + CASE WHEN id = ANY($2::uuid[]) THEN 1 ELSE 0 END
        WHERE id = ANY($1::uuid[])`,
      [ids, handed, leaseSeconds],
    );
  }

  async completeRows(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query(`UPDATE outbox_message SET completed_at = now() WHERE id = ANY($1::uuid[]) AND ${OPEN}`, [ids]);
  }

  async killRow(tx: EntityManager, id: string, error: string): Promise<void> {
    await tx.query(`UPDATE outbox_message SET dead_at = now(), last_error = $2 WHERE id = $1`, [id, error]);
  }

  /** The job finished: every open row that carries it is done. */
  async completeJob(queue: string, jobId: string): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE outbox_message SET completed_at = now() WHERE ${OF_JOB} AND ${OPEN}`,
      jobParams(queue, jobId),
    );
    return count;
  }

  /** One failed try: counted on the job's open rows; returns when the oldest of them was written. */
  async recordFailure(queue: string, jobId: string, error: string): Promise<Date | null> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [{ created_at: Date }[], number] = await this.dataSource.query(
      `UPDATE outbox_message SET job_attempts = job_attempts + 1, failed_at = now(), last_error = $4
        WHERE ${OF_JOB} AND ${OPEN}
        RETURNING created_at`,
      [...jobParams(queue, jobId), error],
    );
    const times = rows.map((r) => new Date(r.created_at).getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  /**
   * Parks the job as dead: its open rows, or, for a job with no row (a schedule's), a new dead row
   * carrying it, so that it too is listed and can be retried by hand.
   */
  async park(job: { queue: string; jobId: string; name: string; data: unknown; attempts: number }, error: string) {
    await this.dataSource.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE outbox_message SET dead_at = now(), failed_at = now(), last_error = $4 WHERE ${OF_JOB} AND ${OPEN}`,
        [...jobParams(job.queue, job.jobId), error],
      );
      if (count > 0) return;
      await tx.query(
        `INSERT INTO outbox_message (queue, job_name, job_key, payload, dead_at, failed_at, last_error, job_attempts)
         VALUES ($1, $2, $3, $4::jsonb, now(), now(), $5, $6)`,
        [job.queue, job.name, job.jobId, JSON.stringify(job.data ?? {}), error, job.attempts],
      );
    });
  }

  async dead(limit: number): Promise<DeadRow[]> {
    return this.deadRows(this.dataSource.manager, `WHERE dead_at IS NOT NULL ORDER BY dead_at DESC, id LIMIT $1`, [
      limit,
    ]);
  }

  private async deadRows(m: EntityManager, where: string, params: unknown[]): Promise<DeadRow[]> {
    const rows: {
      id: string;
      queue: string;
      job_name: string;
      job_key: string | null;
      last_error: string | null;
      dead_at: Date;
      job_attempts: number;
      created_at: Date;
    }[] = await m.query(
      `SELECT id, queue, job_name, job_key, last_error, dead_at, job_attempts, created_at FROM outbox_message ${where}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      jobName: r.job_name,
      jobKey: r.job_key,
      lastError: r.last_error,
      deadAt: new Date(r.dead_at),
      jobAttempts: Number(r.job_attempts),
      createdAt: new Date(r.created_at),
    }));
  }

  /**
   * Brings a dead row back: open, due now, its tries and its time to keep trying counted afresh.
   * Returns the row as it was when dead; null if it is not dead (unknown, or retried already).
   */
  async revive(tx: EntityManager, id: string): Promise<DeadRow | null> {
    const [dead] = await this.deadRows(tx, `WHERE id = $1 AND dead_at IS NOT NULL FOR UPDATE`, [id]);
    if (!dead) return null;
    await tx.query(
      `UPDATE outbox_message SET dead_at = NULL, job_attempts = 0, available_at = now(), created_at = now() WHERE id = $1`,
      [id],
    );
    return dead;
  }

  /** Of these job keys, the ones with an open row or a dead one (left to a district admin). */
  async keysInHand(queue: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { job_key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT job_key FROM outbox_message
        WHERE queue = $1 AND job_key = ANY($2::text[]) AND completed_at IS NULL`,
      [queue, keys],
    );
    return new Set(rows.map((r) => r.job_key));
  }

  /** Of these job keys, the ones any row ever carried (until it was purged). */
  async keysSeen(queue: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { job_key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT job_key FROM outbox_message WHERE queue = $1 AND job_key = ANY($2::text[])`,
      [queue, keys],
    );
    return new Set(rows.map((r) => r.job_key));
  }

  async purgeCompleted(days: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM outbox_message WHERE completed_at < now() - make_interval(days => $1)`,
      [days],
    );
    return count;
  }
}
