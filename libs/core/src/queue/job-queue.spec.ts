import { captureLogs, deleteQueueKeys, sleep, TEST_REDIS_URL, waitFor } from '@shanchou/test';
import { randomBytes, randomUUID } from 'node:crypto';
import { BullMqJobQueue } from './bullmq-job-queue';
import { nextDailyFire } from './cron';
import { InProcessJobQueue } from './in-process-job-queue';
import { backoffDelay, JobQueue, QueuedJob, UnrecoverableJobError } from './job-queue';
import { QueueName } from './queue-names';

/**
 * The queue contract, run against the driver of this test mode: BullMQ on the real Redis when
 * REDIS_URL is set (CI), the in-process driver otherwise.
 */
const driver = TEST_REDIS_URL ? 'BullMQ on Redis' : 'in-process';

describe(`JobQueue (${driver})`, () => {
  let queue: JobQueue;
  let prefix: string;
  const { log } = captureLogs('silent');

  beforeEach(() => {
    prefix = `test-${randomBytes(5).toString('hex')}`;
    queue = TEST_REDIS_URL ? new BullMqJobQueue(TEST_REDIS_URL, prefix, log) : new InProcessJobQueue(log);
  });
  afterEach(async () => {
    await queue.close();
    await deleteQueueKeys(prefix);
  });

  it('is durable exactly when it is BullMQ', () => {
    expect(queue.durable).toBe(Boolean(TEST_REDIS_URL));
  });

  it('carries a job from add to its handler, with its id, name and data', async () => {
    const seen: QueuedJob[] = [];
    queue.process(QueueName.SYSTEM, (job) => {
      seen.push(job);
      return Promise.resolve();
    });
    await queue.start();
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'ping', { donationId: 'd-1', at: new Date('2026-11-28T00:00:00Z') }, { jobId });
    await waitFor('the job', () => seen.length === 1);
    expect(seen[0]).toMatchObject({
      id: jobId,
      queue: QueueName.SYSTEM,
      name: 'ping',
      attempt: 1,
      // Data crosses as JSON under both drivers.
      data: { donationId: 'd-1', at: '2026-11-28T00:00:00.000Z' },
    });
  });

  it('runs a job once when the same id is added twice', async () => {
    let runs = 0;
    queue.process(QueueName.SYSTEM, () => {
      runs++;
      return Promise.resolve();
    });
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'once', {}, { jobId });
    await queue.add(QueueName.SYSTEM, 'once', {}, { jobId });
    await queue.start();
    await waitFor('the first run', () => runs >= 1);
    await queue.add(QueueName.SYSTEM, 'once', {}, { jobId });
    await sleep(300);
    expect(runs).toBe(1);
  });

  it('retries a failing job and then completes it', async () => {
    const attempts: number[] = [];
    queue.process(QueueName.SYSTEM, (job) => {
      attempts.push(job.attempt);
      return job.attempt === 1 ? Promise.reject(new Error('redis blinked')) : Promise.resolve();
    });
    await queue.start();
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'flaky', {}, { jobId });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('completed');
    expect(attempts).toEqual([1, 2]);
  });

  it('gives up at once on an unrecoverable error', async () => {
    let runs = 0;
    queue.process(QueueName.SYSTEM, () => {
      runs++;
      return Promise.reject(new UnrecoverableJobError('payload names no donation'));
    });
    await queue.start();
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'broken', {}, { jobId, attempts: 5 });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('failed');
    expect(runs).toBe(1);
  });

  it('waits for the job in hand when it stops', async () => {
    let started = false;
    let finished = false;
    queue.process(QueueName.SYSTEM, async () => {
      started = true;
      await sleep(300);
      finished = true;
    });
    await queue.start();
    await queue.add(QueueName.SYSTEM, 'slow', {}, { jobId: randomUUID() });
    await waitFor('the job to start', () => started);
    await queue.stop();
    expect(finished).toBe(true);
  });

  it('repeats a scheduled job', async () => {
    const names: string[] = [];
    queue.process(QueueName.SYSTEM, (job) => {
      names.push(job.name);
      return Promise.resolve();
    });
    await queue.start();
    await queue.repeat(QueueName.SYSTEM, 'test.tick', 'tick', 150);
    await waitFor('two ticks', () => names.length >= 2, 5000);
    expect(new Set(names)).toEqual(new Set(['tick']));
  });

  it("schedules a daily job by a zone's clock, one schedule per id, and refuses patterns that are not daily", async () => {
    queue.process(QueueName.SYSTEM, () => Promise.resolve());
    await queue.start();
    const daily = { pattern: '30 10 * * *', tz: 'Asia/Shanghai' };
    const before = new Date();
    await queue.repeat(QueueName.SYSTEM, 'test.daily', 'tick', daily);
    await queue.repeat(QueueName.SYSTEM, 'test.daily', 'tick', daily);
    expect(await queue.nextRun(QueueName.SYSTEM, 'test.daily')).toEqual(nextDailyFire(daily, before));
    expect(await queue.nextRun(QueueName.SYSTEM, 'test.nothing')).toBeNull();
    await expect(
      queue.repeat(QueueName.SYSTEM, 'test.often', 'tick', { pattern: '*/5 * * * *', tz: 'Asia/Shanghai' }),
    ).rejects.toThrow(/only daily/);
  });

  it('waits the given back-off before retrying', async () => {
    const at: number[] = [];
    queue.process(QueueName.SYSTEM, () => {
      at.push(Date.now());
      return at.length === 1 ? Promise.reject(new Error('bill not ready')) : Promise.resolve();
    });
    await queue.start();
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'later', {}, { jobId, backoffMs: 1500 });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('completed');
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(1400);
  });

  it('tells where a job is, and forgets a finished one so its id can run again', async () => {
    let fail = true;
    queue.process(QueueName.SYSTEM, () => (fail ? Promise.reject(new UnrecoverableJobError('no')) : Promise.resolve()));
    await queue.start();
    const jobId = randomUUID();
    expect(await queue.state(QueueName.SYSTEM, jobId)).toBe('missing');
    await queue.add(QueueName.SYSTEM, 'once', {}, { jobId });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('failed');
    expect(await queue.state(QueueName.SYSTEM, jobId)).toBe('failed');
    await queue.remove(QueueName.SYSTEM, jobId);
    expect(await queue.state(QueueName.SYSTEM, jobId)).toBe('missing');
    fail = false;
    await queue.add(QueueName.SYSTEM, 'once', {}, { jobId });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('completed');
    expect(await queue.state(QueueName.SYSTEM, jobId)).toBe('completed');
  });

  it('keeps retrying past the old five tries: the runner, not the queue, decides when to give up', async () => {
    const tries: number[] = [];
    queue.process(QueueName.SYSTEM, (job) => {
      tries.push(job.attempt);
      return job.attempt < 8 ? Promise.reject(new Error('WeChat down')) : Promise.resolve();
    });
    await queue.start();
    const jobId = randomUUID();
    await queue.add(QueueName.SYSTEM, 'stubborn', {}, { jobId, backoffMs: 10 });
    expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('completed');
    expect(tries).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('back-off', () => {
  it('doubles from the base and stops growing at the ceiling', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 40].map((n) => backoffDelay(n, 1000, 300_000));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000]);
  });

  it('waits no more than the ceiling between tries, however many came before', async () => {
    const { log } = captureLogs('silent');
    const prefix = `test-${randomBytes(5).toString('hex')}`;
    const ceiling = { baseMs: 50, ceilingMs: 150 };
    const queue = TEST_REDIS_URL
      ? new BullMqJobQueue(TEST_REDIS_URL, prefix, log, ceiling)
      : new InProcessJobQueue(log, ceiling);
    try {
      const at: number[] = [];
      queue.process(QueueName.SYSTEM, (job) => {
        at.push(Date.now());
        return job.attempt < 7 ? Promise.reject(new Error('still down')) : Promise.resolve();
      });
      await queue.start();
      const jobId = randomUUID();
      await queue.add(QueueName.SYSTEM, 'capped', {}, { jobId });
      expect(await queue.settled(QueueName.SYSTEM, jobId)).toBe('completed');
      const gaps = at.slice(1).map((t, i) => t - at[i]);
      // Uncapped, the sixth wait would be 50 × 2⁵ = 1.6 s: capped, each is about 150 ms at most.
      expect(gaps[5]).toBeGreaterThanOrEqual(140);
      expect(Math.max(...gaps)).toBeLessThan(1200);
    } finally {
      await queue.close();
      await deleteQueueKeys(prefix);
    }
  });
});
