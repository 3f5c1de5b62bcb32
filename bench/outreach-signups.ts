/**
 * npm run bench:signups -- [--volunteers 400] [--capacity 100] [--concurrency 8]
 *
 * Prints sign-ups per second for one outreach event (every sign-up takes the same event row lock,
 * the hot row here), with latency percentiles, then cancels a fifth of the seats at the same
 * concurrency (each cancellation confirms the first on the waitlist in its transaction), and
 * checks that the event holds exactly its capacity and the waitlist the rest.
 * Uses DATABASE_URL's server (a scratch database beside it), or embedded PGlite without it.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '@shanchou/api';
import { AppConfig, createRootLogger } from '@shanchou/core';
import { OutreachEventService, OutreachKind, SignUpService, SignUpStatus, VolunteerService } from '@shanchou/outreach';
import { RegionService } from '@shanchou/regions';
import { YICHENG_DISTRICT } from '@shanchou/seeds';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { percentile, scratchDatabase } from './lib/scratch-database';

const { values } = parseArgs({
  options: {
    volunteers: { type: 'string', default: '400' },
    capacity: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
  },
});
const VOLUNTEERS = Number(values.volunteers);
const CAPACITY = Number(values.capacity);
const CONCURRENCY = Number(values.concurrency);

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Runs `work` over `items`, CONCURRENCY at a time; returns each call's latency in ms. */
async function timed<T>(
  items: T[],
  work: (item: T) => Promise<unknown>,
): Promise<{ seconds: number; sorted: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        await work(item);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, sorted: latencies.sort((a, b) => a - b) };
}

async function main(): Promise<void> {
  const scratch = await scratchDatabase('bench_signups', CONCURRENCY + 2);
  const config = AppConfig.fromProcessEnv(
    { ...scratch.env, NODE_ENV: 'development', RUN_JOBS: undefined, LOG_LEVEL: 'warn' },
    'cli',
  );
  const log = createRootLogger({ level: 'warn', service: 'bench' });
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, log, { database: { runMigrations: true } }),
    { logger: false },
  );
  try {
    console.log(
      `database: ${config.database.kind}${config.database.kind === 'postgres' ? ' (scratch database)' : ' (embedded, temporary)'}; machine: ${cpus().length} cores`,
    );
    await app.get(RegionService).loadTree(YICHENG_DISTRICT);
    const events = app.get(OutreachEventService);
    await events.provisionDemo([
      {
        title: '压测活动',
        kind: OutreachKind.MEDICAL,
        regionCode: '370404001002',
        place: '东关社区',
        organiser: '压测',
        description: '',
        neededSkills: [],
        capacity: CAPACITY,
        inDays: 3,
        from: '09:00',
        until: '11:00',
      },
    ]);
    const [event] = await events.list({ regionCode: '370404001002' });
    const donors: { id: string }[] = await app
      .get(DataSource)
      .query(`INSERT INTO donor (openid) SELECT 'oBench-' || g FROM generate_series(1, $1) g RETURNING id`, [
        VOLUNTEERS,
      ]);
    const volunteers = app.get(VolunteerService);
    for (const [i, d] of donors.entries()) {
      await volunteers.register(d.id, { name: `志愿者${i}`, phone: '13800138000' });
    }

    const signUps = app.get(SignUpService);
    const statuses: SignUpStatus[] = [];
    const signing = await timed(donors, async (d) => statuses.push((await signUps.signUp(d.id, event.id)).status));
    console.log(
      `sign-ups: ${VOLUNTEERS} for ${CAPACITY} seats of one event in ${signing.seconds.toFixed(2)} s = ${(VOLUNTEERS / signing.seconds).toFixed(0)}/s at concurrency ${CONCURRENCY}; latency p50 ${ms(percentile(signing.sorted, 50))}, p99 ${ms(percentile(signing.sorted, 99))}`,
    );
    const confirmedFirst = statuses.filter((s) => s === SignUpStatus.CONFIRMED).length;

    const donorOf = new Map<string, string>();
    for (const d of donors) {
      const v = await volunteers.findByDonor(d.id);
      if (v) donorOf.set(v.id, d.id);
    }
    const leavingDonors = (await signUps.ofEvent(event.id))
      .filter((s) => s.status === SignUpStatus.CONFIRMED)
      .slice(0, Math.floor(CAPACITY / 5))
      .map((s) => donorOf.get(s.volunteerId)!);
    const cancelling = await timed(leavingDonors, (donorId) => signUps.cancel(donorId, event.id));
    console.log(
      `cancellations with promotion: ${leavingDonors.length} in ${cancelling.seconds.toFixed(2)} s; latency p50 ${ms(percentile(cancelling.sorted, 50))}, p99 ${ms(percentile(cancelling.sorted, 99))}`,
    );
    const counts = (await events.counts([event.id])).get(event.id)!;
    const ok =
      confirmedFirst === CAPACITY &&
      counts.confirmed === CAPACITY &&
      counts.waitlisted === VOLUNTEERS - CAPACITY - leavingDonors.length;
    console.log(
      `check: ${confirmedFirst} confirmed at first; after the cancellations ${counts.confirmed} confirmed, ${counts.waitlisted} waiting: ${ok ? 'never oversold' : 'WRONG'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await app.close();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
