/**
 * npm run bench:ledger -- [--rate 2500] [--duration 10] [--sizes 1000000,10000000] [--pool 16] [--keep <db>]
 *
 * The ledger as a batched log, measured as a county would run it:
 *  1. appends at a fixed offered rate (open loop: each starts at its scheduled time, whatever the
 *     others do; latency counts from that time), each its own transaction through
 *     LedgerService.append, while the sequencer integrates in the same process as a worker would;
 *     prints appends/s committed, entries/s integrated, and the merge delay (from an entry's write
 *     to the first signed head that covers it) p50/p99, computed from the database afterwards;
 *  2. with PostgreSQL, pgbench on the same SQL the append executes (its transaction: BEGIN, the
 *     INSERT, COMMIT; and the INSERT alone), in the same run, and the ratios;
 *  3. grows the ledger to each of --sizes entries in turn with a bulk loader (the sequencer's own
 *     batch function, 100,000 leaves a batch), vacuums and analyses the two tables as autovacuum
 *     would long since have done on a ledger that grew by appends, and times the root, 1,000
 *     inclusion and 500 consistency proofs at that size (LedgerProofService, one query each).
 * Uses DATABASE_URL's server (a scratch database beside it), or embedded PGlite without it.
 * `--keep <db>` keeps that database afterwards and, when it is there already, skips 1 and 2 and
 * grows or proves the tree it holds: a 10 M tree loaded once, its proofs timed in a quiet moment.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '@shanchou/api';
import { AppConfig, createRootLogger, Transactions } from '@shanchou/core';
import {
  canonicalJson,
  frontierOf,
  integrate,
  LedgerKind,
  LedgerProofService,
  LedgerSequencer,
  LedgerService,
  leafHash,
  nodeId,
} from '@shanchou/ledger';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { verifyInclusion } from '@shanchou/ledger-verifier';
import { DataSource } from 'typeorm';
import { percentile, scratchDatabase } from './lib/scratch-database';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2500' },
    duration: { type: 'string', default: '10' },
    sizes: { type: 'string', default: '1000000' },
    size: { type: 'string' },
    pool: { type: 'string', default: '16' },
    /** Keep the database under this name after the run, and reuse it when it is there (grow, then prove). */
    keep: { type: 'string' },
  },
});
const RATE = Number(values.rate);
const DURATION_S = Number(values.duration);
const SIZES = (values.size ?? values.sizes)
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
if (SIZES.some((n) => !Number.isSafeInteger(n) || n < 1))
  throw new Error('--sizes: positive whole numbers, e.g. 1000000,10000000');
const POOL = Number(values.pool);

const ms = (n: number) => `${n.toFixed(2)} ms`;
const sleep = (n: number) => new Promise((resolve) => setTimeout(resolve, n));

/** The INSERT LedgerService.append runs, as a pgbench script with the same parameters' shapes. */
const PGBENCH_INSERT = `INSERT INTO ledger_pending_pgbench (kind, amount_fen, quantity, campaign_id, donor, memo, occurred_at, owner, owner_id)
VALUES ('DONATION', :amount, NULL, 'b6f3b1c2-2f6a-4d7e-9a51-0c8f0a1e2d3c', '张*', '慈心一日捐 SC20261202000001', now(), 'donation', gen_random_uuid()) RETURNING id;`;

/**
 * pgbench scripts: the INSERT alone (autocommit, one round trip), and the append's transaction as
 * the platform sends it (BEGIN, the INSERT, COMMIT: three round trips, one commit), which is the
 * same SQL the append executes.
 */
const PGBENCH_SCRIPTS = {
  insert: `\\set amount random(1, 100000)\n${PGBENCH_INSERT}\n`,
  transaction: `\\set amount random(1, 100000)\nBEGIN;\n${PGBENCH_INSERT}\nCOMMIT;\n`,
};

function pgbench(url: string, clients: number, seconds: number, sql: string): number | null {
  const bin = ['pgbench', ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)].find(
    (b) => spawnSync(b, ['--version']).status === 0,
  );
  if (!bin) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ledger-'));
  const script = path.join(dir, 'append.sql');
  writeFileSync(script, sql);
  const run = spawnSync(bin, ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url], {
    encoding: 'utf8',
  });
  const tps = /tps = ([\d.]+)/.exec(run.stdout ?? '');
  if (!tps) throw new Error(`pgbench failed: ${run.stderr}`);
  return Number(tps[1]);
}

async function main(): Promise<void> {
  const scratch = await scratchDatabase('bench_ledger', POOL + 2, values.keep);
  const config = AppConfig.fromProcessEnv(
    // The sequencer runs here, at its default interval, as it would in a worker.
    { ...scratch.env, NODE_ENV: 'development', RUN_JOBS: 'true', REDIS_URL: undefined, LOG_LEVEL: 'error' },
    'cli',
  );
  // Slow-query warnings during the bulk load are expected; errors still show.
  const log = createRootLogger({ level: 'error', service: 'bench' });
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, log, { database: { runMigrations: true } }),
    { logger: false },
  );
  try {
    console.log(
      `database: ${config.database.kind}${config.database.kind === 'postgres' ? ' (scratch database)' : ' (embedded, temporary)'}; machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(
          ' ',
        )} at start; sequencer every ${config.ledger.mergeIntervalMs} ms, batches up to ${config.ledger.batchSize}`,
    );
    const ledger = app.get(LedgerService);
    const tx = app.get(Transactions);
    const ds = app.get(DataSource);
    const campaign = randomUUID();

    /** Phases 1 and 2; answers how many appends were committed. */
    const appendsAndPgbench = async (): Promise<number> => {
      // --- 1. appends at a fixed offered rate, integrated by the sequencer meanwhile ---------------
      const total = Math.round(RATE * DURATION_S);
      const latencies: number[] = [];
      let failures = 0;
      let firstFailure = '';
      const inFlight: Promise<void>[] = [];
      const started = performance.now();
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        inFlight.push(
          tx
            .run((m) =>
              ledger.append(m, {
                kind: LedgerKind.DONATION,
                amountFen: 100,
                campaignId: campaign,
                donor: { name: '张三', anonymous: false },
                memo: `慈心一日捐 ${i}`,
              }),
            )
            .then(
              () => void latencies.push(performance.now() - due),
              (err: unknown) => {
                if (failures++ === 0) firstFailure = err instanceof Error ? err.message : String(err);
              },
            ),
        );
      }
      await Promise.all(inFlight);
      const appendSeconds = (performance.now() - started) / 1000;
      while ((await ledger.queued()).entries > 0) await sleep(20);
      const integratedSeconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const delays: { d: string | number }[] = await ds.query(
        `SELECT extract(epoch FROM (SELECT min(h.signed_at) FROM ledger_tree_head h WHERE h.tree_size > e.seq) - e.occurred_at) * 1000 AS d
           FROM ledger_entry e ORDER BY 1`,
      );
      const merge = delays.map((r) => Number(r.d)).sort((a, b) => a - b);
      const heads: { n: string | number }[] = await ds.query('SELECT count(*) AS n FROM ledger_tree_head');
      // What was committed: a failed append (e.g. the pool's connect time-out) queued nothing.
      const committed = total - failures;
      const integratedRate = committed / integratedSeconds;
      console.log(
        `offered ${RATE} appends/s for ${DURATION_S} s: ${committed} committed in ${appendSeconds.toFixed(1)} s (${(committed / appendSeconds).toFixed(0)}/s), ${failures} failed${failures ? ` (first: ${firstFailure})` : ''}; append latency from its scheduled start p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
      );
      console.log(
        `integrated: all ${committed} by ${integratedSeconds.toFixed(1)} s = ${integratedRate.toFixed(0)} entries/s, in ${Number(heads[0].n)} batches (one signed head each); merge delay p50 ${ms(percentile(merge, 50))}, p99 ${ms(percentile(merge, 99))}, max ${ms(merge[merge.length - 1])}`,
      );

      // --- 2. pgbench on the same SQL, same database, same run --------------------------------------
      if (config.database.kind === 'postgres') {
        await ds.query('CREATE TABLE ledger_pending_pgbench (LIKE ledger_pending INCLUDING ALL)');
        for (const [form, sql] of Object.entries(PGBENCH_SCRIPTS)) {
          const tps = pgbench(config.database.url, POOL, DURATION_S, sql);
          if (tps === null) {
            console.log('pgbench: not installed here');
            break;
          }
          const what =
            form === 'insert' ? "the append's INSERT alone" : "the append's transaction (BEGIN, INSERT, COMMIT)";
          console.log(
            `pgbench, ${what}, ${POOL} clients, ${DURATION_S} s: ${tps.toFixed(0)} tps; integrated appends are ${((100 * integratedRate) / tps).toFixed(0)} % of it (offered ${RATE}/s: the figure is the offered rate when the platform keeps up)`,
          );
        }
        await ds.query('DROP TABLE ledger_pending_pgbench');
      }
      return committed;
    };
    let committed = 0;
    if (scratch.reused)
      console.log(
        `--keep ${values.keep}: the database is there already: no appends, no pgbench; the tree grows from what it holds`,
      );
    else committed = await appendsAndPgbench();

    // Proofs are the API's work and the sequencer runs in the worker: it stops here so that its
    // 200 ms ticks are not in the proofs' figures.
    await app.get(LedgerSequencer).stop();

    // --- 3. grow to each size with the sequencer's batch function, then time the proofs --------------
    // The tree as the sequencer left it (not the offered count: failed appends left no entry).
    const [state]: { size: string | number }[] = await ds.query('SELECT size FROM ledger_state WHERE id = 1');
    let size = Number(state.size);
    if (!scratch.reused && size !== committed)
      throw new Error(`the sequencer integrated ${size} entries, ${committed} were committed`);
    const frontier = new Map<string, Buffer>();
    // Only the tree's right edge: a kept database may hold tens of millions of nodes.
    const edge = frontierOf(size);
    const stored: { level: number; index: string; hash: Buffer }[] = await ds.query(
      'SELECT level, index, hash FROM ledger_node WHERE (level, index) IN (SELECT * FROM unnest($1::smallint[], $2::bigint[]))',
      [edge.map((k) => k.level), edge.map((k) => k.index)],
    );
    const byId = new Map(stored.map((r) => [nodeId({ level: r.level, index: Number(r.index) }), r.hash]));
    for (const k of edge) {
      const hash = byId.get(nodeId(k));
      if (!hash) throw new Error(`ledger node ${nodeId(k)} of the tree's right edge is not stored`);
      frontier.set(nodeId(k), hash);
    }
    const BATCH = 100_000;
    const occurredAt = new Date().toISOString();
    const proofs = app.get(LedgerProofService);
    for (const SIZE of SIZES) {
      const loadStart = performance.now();
      while (size < SIZE) {
        const to = Math.min(SIZE, size + BATCH);
        const canonicals: string[] = [];
        const leaves: Buffer[] = [];
        for (let seq = size; seq < to; seq++) {
          const canonical = canonicalJson({
            seq,
            kind: LedgerKind.DONATION,
            amountFen: 100,
            quantity: null,
            campaignId: campaign,
            donor: '张*',
            memo: null,
            occurredAt,
          });
          canonicals.push(canonical);
          leaves.push(leafHash(canonical));
        }
        const batch = integrate(size, frontier, leaves);
        const from = size;
        await ds.transaction(async (m) => {
          await m.query(
            `INSERT INTO ledger_entry (seq, kind, amount_fen, campaign_id, donor, occurred_at, canonical, leaf_hash)
             SELECT s, 'DONATION', 100, $2::uuid, '张*', $3::timestamptz, c, h FROM unnest($1::bigint[], $4::text[], $5::text[]) AS x(s, c, h)`,
            [
              canonicals.map((_, i) => from + i),
              campaign,
              occurredAt,
              canonicals,
              leaves.map((l) => l.toString('hex')),
            ],
          );
          for (let i = 0; i < batch.nodes.length; i += 200_000) {
            const part = batch.nodes.slice(i, i + 200_000);
            await m.query(
              `INSERT INTO ledger_node (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
              [part.map((n) => n.key.level), part.map((n) => n.key.index), part.map((n) => n.hash)],
            );
          }
          await m.query('UPDATE ledger_state SET size = $1 WHERE id = 1', [to]);
        });
        // The next batch needs only the new tree's frontier.
        const known = new Map([...frontier, ...batch.nodes.map((n) => [nodeId(n.key), n.hash] as const)]);
        frontier.clear();
        for (const k of frontierOf(to)) frontier.set(nodeId(k), known.get(nodeId(k))!);
        size = to;
        if (Math.floor(to / 1_000_000) > Math.floor(from / 1_000_000)) process.stdout.write(`  loaded ${to} entries\n`);
      }
      const loadS = (performance.now() - loadStart) / 1000;
      // A ledger that grew by appends has been vacuumed and analysed by autovacuum as it went; a
      // freshly bulk-loaded one has not, and autovacuum would start on it in the middle of the timing.
      const vacuumStart = performance.now();
      if (config.database.kind === 'postgres') await ds.query('VACUUM (ANALYZE) ledger_node, ledger_entry');
      const [{ bytes }]: { bytes: string }[] = await ds.query(
        "SELECT pg_total_relation_size('ledger_node') + pg_total_relation_size('ledger_entry') AS bytes",
      );
      console.log(
        `bulk-loaded to ${SIZE} entries in ${loadS.toFixed(1)} s, vacuumed in ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s; ledger_node + ledger_entry ${(Number(bytes) / 2 ** 30).toFixed(2)} GiB`,
      );

      const time = async (n: number, f: (i: number) => Promise<unknown>) => {
        const samples: number[] = [];
        for (let i = 0; i < n; i++) {
          const t0 = performance.now();
          await f(i);
          samples.push(performance.now() - t0);
        }
        return samples.sort((a, b) => a - b);
      };
      // The loaded tree is the tree append would have built: a random entry's proof checks out.
      const probe = Math.floor(Math.random() * SIZE);
      const proof = await proofs.inclusion(probe, SIZE);
      const [row]: { leaf_hash: string }[] = await ds.query('SELECT leaf_hash FROM ledger_entry WHERE seq = $1', [
        probe,
      ]);
      if (
        row.leaf_hash !== proof.leafHash ||
        !verifyInclusion(probe, SIZE, proof.leafHash, proof.auditPath, await proofs.root(SIZE))
      ) {
        throw new Error(`the bulk-loaded tree does not prove entry ${probe}`);
      }
      const root = await time(20, () => proofs.root(SIZE));
      const inclusion = await time(1000, () => proofs.inclusion(Math.floor(Math.random() * SIZE), SIZE));
      const consistency = await time(500, () => proofs.consistency(1 + Math.floor(Math.random() * (SIZE - 1)), SIZE));
      const spread = (x: number[]) =>
        `p50 ${ms(percentile(x, 50))}, p99 ${ms(percentile(x, 99))}, max ${ms(x[x.length - 1])}`;
      console.log(
        `at ${SIZE} entries: root p50 ${ms(percentile(root, 50))}; inclusion proof (1,000 random) ${spread(inclusion)}; consistency proof (500 random) ${spread(consistency)}`,
      );
    }
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await app.close();
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
