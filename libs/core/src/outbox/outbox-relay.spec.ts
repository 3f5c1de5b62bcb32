import {
  captureLogs,
  createTestApp,
  createTestContext,
  createTestDatabase,
  ProbeProcessor,
  probeRuns,
  sleep,
  TEST_REDIS_URL,
  TestDatabase,
  waitFor,
} from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Transactions } from '../database/transactions';
import { BullMqJobQueue } from '../queue/bullmq-job-queue';
import { InProcessJobQueue } from '../queue/in-process-job-queue';
import { JobHandler, JobOptions, JobQueue, JobState } from '../queue/job-queue';
import { AppConfig } from '../config/app-config';
import { QueueName } from '../queue/queue-names';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';
import { OutboxService } from './outbox.service';

interface Row {
  id: string;
  completed_at: Date | null;
  relay_attempts: number;
}

async function outboxRow(ds: DataSource, id: string): Promise<Row | undefined> {
  const rows: Row[] = await ds.query('SELECT id, completed_at, relay_attempts FROM outbox_message WHERE id = $1', [id]);
  return rows[0];
}

/** Bare queues below have no job runner to report completions: the relay finds them after a 1 s lease. */
const SHORT_LEASE = { OUTBOX_LEASE_SECONDS: '1' };

/** A queue that accepts the job and then "dies" before the relay can mark the row. */
class CrashAfterEnqueue extends JobQueue {
  constructor(private readonly inner: JobQueue) {
    super();
  }
  get durable(): boolean {
    return this.inner.durable;
  }
  async add(queue: QueueName, name: string, data: object, options: JobOptions): Promise<void> {
    await this.inner.add(queue, name, data, options);
    throw new Error('process killed after enqueue');
  }
  repeat(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  nextRun(): Promise<Date | null> {
    return Promise.reject(new Error('not used'));
  }
  process(queue: QueueName, handler: JobHandler): void {
    this.inner.process(queue, handler);
  }
  start(): Promise<void> {
    return this.inner.start();
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
  settled(queue: QueueName, jobId: string): Promise<'completed' | 'failed'> {
    return this.inner.settled(queue, jobId);
  }
  state(queue: QueueName, jobId: string): Promise<JobState> {
    return this.inner.state(queue, jobId);
  }
  remove(queue: QueueName, jobId: string): Promise<void> {
    return this.inner.remove(queue, jobId);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Starts the context's queue with a handler that records the id of every job it runs. */
async function recordRuns(ctx: Awaited<ReturnType<typeof createTestContext>>) {
  const ds = ctx.app.get(DataSource);
  const queue = ctx.app.get(JobQueue);
  const runs: string[] = [];
  queue.process(QueueName.SYSTEM, (job) => {
    runs.push(job.id);
    return Promise.resolve();
  });
  await queue.start();
  return { ds, queue, runs };
}

describe('outbox relay', () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    // Embedded mode: the "processes" below share one on-disk PGlite, as a restart would.
    dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-outbox-'));
    probeRuns.length = 0;
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const onDisk = () => ({ inMemory: false, pgliteTemplate: undefined, runMigrations: false });

  it('delivers a row committed just before the writing process crashed', async () => {
    const writer = await createTestContext(
      database,
      { DATA_DIR: dataDir },
      { database: { ...onDisk(), pgliteTemplate: database.pgliteTemplate } },
    );
    const ds = writer.app.get(DataSource);
    const id = await writer.app.get(Transactions).run((tx) =>
      writer.app.get(OutboxService).add(tx, {
        queue: QueueName.SYSTEM,
        jobName: ProbeProcessor.JOB,
        payload: { note: 'written before the crash' },
      }),
    );
    expect((await outboxRow(ds, id))?.completed_at).toBeNull();
    await writer.close(); // the process is gone; nothing relayed the row

    const restarted = await createTestApp({
      database,
      env: { DATA_DIR: dataDir },
      core: { database: onDisk() },
      worker: { processors: [ProbeProcessor], schedules: [], relayPollMs: 50 },
    });
    try {
      await waitFor('the probe job', () => probeRuns.length > 0);
      expect(probeRuns).toEqual([{ id, note: 'written before the crash' }]);
      const after = restarted.app.get(DataSource);
      await waitFor('the row to be marked relayed', async () => (await outboxRow(after, id))?.completed_at != null);
    } finally {
      await restarted.close();
    }
  });

  it('runs the job once when a relay dies between enqueueing and marking the row', async () => {
    const ctx = await createTestContext(database, SHORT_LEASE);
    try {
      const { ds, queue, runs } = await recordRuns(ctx);
      const id = await ctx.app
        .get(Transactions)
        .run((tx) =>
          ctx.app.get(OutboxService).add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: { note: 'x' } }),
        );

      const dying = new OutboxRelay(
        ds,
        new CrashAfterEnqueue(queue),
        new OutboxSignal(),
        captureLogs('silent').log,
        ctx.app.get(AppConfig),
      );
      await expect(dying.relayBatch()).rejects.toThrow('process killed after enqueue');
      expect((await outboxRow(ds, id))?.completed_at).toBeNull();

      const relay = ctx.app.get(OutboxRelay);
      await relay.drain();
      await waitFor('the job', () => runs.length > 0);
      // The relay looks again when the lease runs out: the job is done, so the row is completed.
      await waitFor('the row to be completed', async () => {
        await relay.drain();
        return (await outboxRow(ds, id))?.completed_at != null;
      });
      expect(runs).toEqual([id]);
      // The second relay found the job already in the queue and did not hand it over again.
      expect((await outboxRow(ds, id))?.relay_attempts).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('runs one job for rows that share a job key, and completes every row', async () => {
    const ctx = await createTestContext(database, SHORT_LEASE);
    try {
      const { ds, runs } = await recordRuns(ctx);
      const outbox = ctx.app.get(OutboxService);
      const ids = await ctx.app
        .get(Transactions)
        .run(async (tx) => [
          await outbox.add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: {}, jobKey: 'head.1795900000' }),
          await outbox.add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: {}, jobKey: 'head.1795900000' }),
          await outbox.add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: {}, jobKey: 'head.1795900001' }),
        ]);
      const relay = ctx.app.get(OutboxRelay);
      await waitFor('every row completed', async () => {
        await relay.drain();
        const rows: { n: string }[] = await ds.query(
          'SELECT count(*) AS n FROM outbox_message WHERE completed_at IS NOT NULL AND id = ANY($1::uuid[])',
          [ids],
        );
        return Number(rows[0].n) === 3;
      });
      expect(runs.sort()).toEqual(['head.1795900000', 'head.1795900001']);
    } finally {
      await ctx.close();
    }
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const ctx = await createTestContext(database);
    try {
      const ds = ctx.app.get(DataSource);
      await expect(
        ctx.app.get(Transactions).run(async (tx) => {
          await ctx.app
            .get(OutboxService)
            .add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: { note: 'x' } });
          throw new Error('the donation failed validation');
        }),
      ).rejects.toThrow('the donation failed validation');
      const [{ count }]: { count: string }[] = await ds.query('SELECT count(*) AS count FROM outbox_message');
      expect(Number(count)).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('refuses to write outside a transaction', async () => {
    const ctx = await createTestContext(database);
    try {
      const ds = ctx.app.get(DataSource);
      await expect(
        ctx.app.get(OutboxService).add(ds.manager, { queue: QueueName.SYSTEM, jobName: 'probe', payload: {} }),
      ).rejects.toThrow('inside a transaction');
    } finally {
      await ctx.close();
    }
  });

  it('lets two worker processes share the table and runs every job exactly once', async () => {
    const ctx = await createTestContext(database);
    const log = captureLogs('silent').log;
    // Each "process" has its own queue client: BullMQ on the shared Redis, or its own in-process queue.
    const queues: JobQueue[] = [
      ctx.app.get(JobQueue),
      TEST_REDIS_URL ? new BullMqJobQueue(TEST_REDIS_URL, ctx.queuePrefix, log) : new InProcessJobQueue(log),
    ];
    try {
      const ds = ctx.app.get(DataSource);
      const rows = new OutboxRepository(ds);
      const runs = new Map<string, number>();
      for (const queue of queues) {
        queue.process(
          QueueName.SYSTEM,
          async (job) => {
            runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
            await sleep(20);
            // What the job runner does when a handler finished.
            await rows.completeJob(job.queue, job.id);
          },
          10,
        );
        await queue.start();
      }
      const outbox = ctx.app.get(OutboxService);
      const ids = await ctx.app.get(Transactions).run(async (tx) => {
        const written: string[] = [];
        for (let i = 0; i < 60; i++) {
          written.push(await outbox.add(tx, { queue: QueueName.SYSTEM, jobName: 'probe', payload: { note: `n${i}` } }));
        }
        return written;
      });
      const relays = queues.map((q) => new OutboxRelay(ds, q, new OutboxSignal(), log, ctx.app.get(AppConfig)));
      // Both relays keep polling while the first jobs are still running.
      for (let round = 0; round < 5; round++) await Promise.all(relays.map((r) => r.drain()));
      await waitFor('all 60 jobs', () => runs.size === 60);
      await waitFor('all rows completed', async () => {
        const [{ n }]: { n: string }[] = await ds.query(
          'SELECT count(*) AS n FROM outbox_message WHERE completed_at IS NULL',
        );
        return Number(n) === 0;
      });
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      await queues[1].close();
      await ctx.close();
    }
  });
});
