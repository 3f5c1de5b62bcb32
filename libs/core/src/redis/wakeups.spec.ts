import { captureLogs, OwnRedis, waitFor } from '@shanchou/test';
import { randomBytes } from 'node:crypto';
import { Wakeups } from './wakeups';

const LONG = 10_000;

function wakeups(redisUrl?: string, prefix = 'wake-test', logBurstWindowMs = 200) {
  const { log, lines } = captureLogs('warn');
  return { wakeups: new Wakeups({ redisUrl, prefix, logBurstWindowMs }, log), lines };
}

/** Resolves with how long `promise` took, and its value. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await promise;
  return { value, ms: Date.now() - start };
}

describe('wake-ups in one process (embedded)', () => {
  const { wakeups: w } = wakeups();
  afterAll(() => w.close());

  it('wakes a waiter on its channel and no other', async () => {
    const mine = timed(w.wait('donation:A', LONG));
    const other = w.wait('donation:B', 150);
    await w.publish('donation:A');
    const { value, ms } = await mine;
    expect(value).toBe(true);
    expect(ms).toBeLessThan(1000);
    expect(await other).toBe(false);
  });

  it('times out with false, and an abort ends the wait at once', async () => {
    expect(await w.wait('quiet', 50)).toBe(false);
    const controller = new AbortController();
    const waiting = timed(w.wait('quiet', LONG, controller.signal));
    controller.abort();
    const { value, ms } = await waiting;
    expect(value).toBe(false);
    expect(ms).toBeLessThan(1000);
    expect(w.channels).toBe(0);
  });

  it('keeps a wake-up that came between subscribing and waiting', async () => {
    const subscription = await w.subscribe('between');
    await w.publish('between');
    expect(await subscription.next(LONG)).toBe(true);
    expect(await subscription.next(30)).toBe(false);
    subscription.close();
    expect(w.channels).toBe(0);
  });
});

describe('wake-ups through Redis', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await OwnRedis.start();
  });
  afterAll(() => redis.stop());

  it('a publish on one instance wakes a wait on another', async () => {
    const prefix = `wake-${randomBytes(4).toString('hex')}`;
    const a = wakeups(redis.url, prefix).wakeups;
    const b = wakeups(redis.url, prefix).wakeups;
    const elsewhere = wakeups(redis.url, 'another-deployment').wakeups;
    expect(await Promise.all([a.ready(), b.ready(), elsewhere.ready()])).toEqual([true, true, true]);
    try {
      const onB = b.subscribe('donation:X');
      const onElsewhere = await elsewhere.subscribe('donation:X');
      const subscription = await onB;
      await a.publish('donation:X');
      const { value, ms } = await timed(subscription.next(LONG));
      expect(value).toBe(true);
      expect(ms).toBeLessThan(1000);
      // Another prefix is another deployment on the same Redis: not woken.
      expect(await onElsewhere.next(200)).toBe(false);
      subscription.close();
      onElsewhere.close();
      // Two waiters on one channel share one subscription; the last to leave unsubscribes.
      const first = b.wait('donation:Y', LONG);
      const second = b.wait('donation:Y', LONG);
      await waitUntilSubscribed(redis, `${prefix}:wake:donation:Y`);
      await a.publish('donation:Y');
      expect(await Promise.all([first, second])).toEqual([true, true]);
      expect(b.channels).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close(), elsewhere.close()]);
    }
  });

  it('with Redis down, publishing logs one line and waits time out; it works again when Redis is back', async () => {
    const prefix = `wake-${randomBytes(4).toString('hex')}`;
    // A long window: a publish sent just before the client noticed the kill waits out its time-out.
    const { wakeups: a, lines } = wakeups(redis.url, prefix, 5000);
    const b = wakeups(redis.url, prefix).wakeups;
    expect(await Promise.all([a.ready(), b.ready()])).toEqual([true, true]);
    try {
      const held = await b.subscribe('donation:Z');
      await redis.kill();
      // Waiters of the publishing process itself are still woken, in memory.
      const local = a.wait('donation:Z', LONG);
      await a.publish('donation:Z');
      expect(await local).toBe(true);
      // Nothing throws: each publish is counted, and the other instance's waiter just times out.
      for (let i = 0; i < 5; i++) await a.publish('donation:Z');
      expect(await held.next(300)).toBe(false);
      await waitFor('the publish failures logged', () => lines.some((l) => l.key === 'publish'), 15_000);
      const publishLines = lines.filter((l) => l.key === 'publish');
      expect(publishLines).toHaveLength(1);
      expect(publishLines[0].count).toBe(6);

      await redis.up();
      // The subscriber reconnects and subscribes the channel still waited on again. The
      // publisher reconnects on its own back-off (up to 2 s apart): a publish before that is
      // lost like any during the outage, so the test waits for both.
      await waitUntilSubscribed(redis, `${prefix}:wake:donation:Z`);
      await waitFor('the publisher back on Redis', () => a.ready(), 15_000);
      await a.publish('donation:Z');
      expect(await held.next(LONG)).toBe(true);
      held.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);
});

/** Until Redis reports a subscriber on `channel` (PUBSUB NUMSUB). */
async function waitUntilSubscribed(redis: OwnRedis, channel: string): Promise<void> {
  const { default: IORedis } = await import('ioredis');
  const client = new IORedis(redis.url, { maxRetriesPerRequest: 0 });
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [, count] = (await client.call('PUBSUB', 'NUMSUB', channel)) as [string, number];
      if (Number(count) > 0) return;
      if (Date.now() > deadline) throw new Error(`no subscriber on ${channel}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    client.disconnect();
  }
}
