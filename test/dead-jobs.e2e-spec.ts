import { Injectable } from '@nestjs/common';
import { JobQueue, OutboxService, QueuedJob, QueueName, Transactions, UnrecoverableJobError } from '@shanchou/core';
import { JobProcessor } from '@shanchou/worker';
import { bearer, createTestApp, loginAs, outcome, seedDemoData, TestApp, waitFor } from '@shanchou/test';
import { IsString } from 'class-validator';
import { DataSource } from 'typeorm';

export class FlakyPayload {
  @IsString()
  note!: string;
}

/** Fails while `FlakyProcessor.failing` says so; a note of 'hopeless' can never succeed. */
@Injectable()
class FlakyProcessor implements JobProcessor<FlakyPayload> {
  static failing = true;
  static readonly tries: { id: string; note: string; attempt: number }[] = [];
  readonly queue = QueueName.SYSTEM;
  readonly jobName = 'flaky';
  readonly payload = FlakyPayload;
  readonly retry = { retryForMs: 1500 };

  handle(data: FlakyPayload, job: QueuedJob): Promise<void> {
    FlakyProcessor.tries.push({ id: job.id, note: data.note, attempt: job.attempt });
    if (data.note === 'hopeless') return Promise.reject(new UnrecoverableJobError('收款账户不存在'));
    if (FlakyProcessor.failing) return Promise.reject(new Error('微信支付暂不可用 (SYSTEM_ERROR)'));
    return Promise.resolve();
  }
}

interface Row {
  completed_at: Date | null;
  dead_at: Date | null;
  job_attempts: number;
  last_error: string | null;
}

const DEAD_JOBS = '{ deadJobs { id queue name key lastError failedAt attempts } }';
const RETRY = 'mutation($id: ID!) { retryDeadJob(id: $id) { id name lastError attempts } }';

/** Jobs that keep failing are parked as dead, shown to the district admin, and retried by hand. */
describe('dead jobs', () => {
  let t: TestApp;
  let district: string;
  let town: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { JOB_BACKOFF_BASE_MS: '50', JOB_BACKOFF_CEILING_MS: '200' },
      worker: { processors: [FlakyProcessor], schedules: [], relayPollMs: 50 },
    });
    await seedDemoData(t);
    district = await loginAs(t, 'demo-district');
    town = await loginAs(t, 'demo-town');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    FlakyProcessor.failing = true;
    FlakyProcessor.tries.length = 0;
  });

  const ds = () => t.app.get(DataSource);
  async function row(id: string): Promise<Row> {
    const rows: Row[] = await ds().query(
      'SELECT completed_at, dead_at, job_attempts, last_error FROM outbox_message WHERE id = $1',
      [id],
    );
    return rows[0];
  }
  function write(note: string): Promise<string> {
    return t.app
      .get(Transactions)
      .run((tx) => t.app.get(OutboxService).add(tx, { queue: QueueName.SYSTEM, jobName: 'flaky', payload: { note } }));
  }

  it('keeps trying a failing job for as long as its kind may, then parks it with its last error', async () => {
    const id = await write('outage');
    await waitFor('the job to be parked', async () => (await row(id)).dead_at !== null, 15_000);
    const parked = await row(id);
    const tries = FlakyProcessor.tries.filter((x) => x.id === id);
    // Tried again and again for its 1.5 s (back-off 50, 100, 200, 200 … ms), every try counted.
    expect(tries.length).toBeGreaterThanOrEqual(4);
    expect(tries.map((x) => x.attempt)).toEqual(tries.map((_, i) => i + 1));
    expect(parked).toMatchObject({ completed_at: null, job_attempts: tries.length });
    expect(parked.last_error).toContain('微信支付暂不可用');
    // Parked means no more tries.
    const before = FlakyProcessor.tries.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(FlakyProcessor.tries.length).toBe(before);

    const listed = await t.gql<{ deadJobs: { id: string; attempts: number; lastError: string; name: string }[] }>(
      DEAD_JOBS,
      {},
      bearer(district),
    );
    expect(listed.data?.deadJobs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id, name: 'flaky', queue: 'system', attempts: tries.length, key: null }),
      ]),
    );
  });

  it('gives up at once on a job that can never succeed', async () => {
    const id = await write('hopeless');
    await waitFor('the job to be parked', async () => (await row(id)).dead_at !== null);
    expect(FlakyProcessor.tries.filter((x) => x.id === id)).toHaveLength(1);
    expect((await row(id)).last_error).toContain('收款账户不存在');
  });

  it('parks a job that has no outbox row (a schedule’s) in a row of its own', async () => {
    await t.app
      .get(JobQueue)
      .add(QueueName.SYSTEM, 'flaky', { note: 'hopeless' }, { jobId: 'system.flaky-schedule.1795920000000' });
    await waitFor('a dead row for it', async () => {
      const rows: unknown[] = await ds().query(
        `SELECT 1 FROM outbox_message WHERE job_key = 'system.flaky-schedule.1795920000000' AND dead_at IS NOT NULL`,
      );
      return rows.length === 1;
    });
  });

  it('runs a dead job again when a district admin retries it, once, and audits who did', async () => {
    const id = await write('retry me');
    await waitFor('the job to be parked', async () => (await row(id)).dead_at !== null, 15_000);
    FlakyProcessor.failing = false; // the cause is fixed
    const failedTries = FlakyProcessor.tries.length;

    expect(outcome(await t.gql(RETRY, { id }, bearer(town)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(DEAD_JOBS, {}, bearer(town)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(DEAD_JOBS))).toBe('UNAUTHENTICATED');
    expect((await row(id)).dead_at).not.toBeNull();

    const retried = await t.gql<{ retryDeadJob: { id: string; lastError: string } }>(RETRY, { id }, bearer(district));
    expect(retried.data?.retryDeadJob).toMatchObject({ id, name: 'flaky' });
    expect(retried.data?.retryDeadJob.lastError).toContain('微信支付暂不可用');
    await waitFor('the retried job to complete', async () => (await row(id)).completed_at !== null);
    expect(FlakyProcessor.tries.slice(failedTries)).toEqual([{ id, note: 'retry me', attempt: 1 }]);
    expect((await row(id)).dead_at).toBeNull();

    // Gone from the list; a second retry finds nothing to retry.
    const listed = await t.gql<{ deadJobs: { id: string }[] }>(DEAD_JOBS, {}, bearer(district));
    expect(listed.data?.deadJobs.map((j) => j.id)).not.toContain(id);
    expect(outcome(await t.gql(RETRY, { id }, bearer(district)))).toBe('NOT_FOUND');
    expect(outcome(await t.gql(RETRY, { id: 'not-an-id' }, bearer(district)))).toBe('NOT_FOUND');

    const audit: { actor_username: string }[] = await ds().query(
      `SELECT actor_username FROM audit_entry WHERE action = 'job.retry' AND target_id = $1`,
      [id],
    );
    expect(audit).toEqual([{ actor_username: 'demo-district' }]);
  });
});
