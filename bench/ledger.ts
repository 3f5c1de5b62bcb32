/**
 * npm run bench:ledger -- [--appends 2000] [--concurrency 8] [--size 1000000]
 *
 * Prints appends per second through LedgerService.append (each its own transaction, as donations
 * will do), then grows the ledger to --size entries with a bulk loader that stores the same rows
 * and Merkle nodes, and times the root, inclusion and consistency proofs at that size.
 * Uses DATABASE_URL's server (a scratch database beside it), or embedded PGlite without it.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '@shanchou/api';
import { AppConfig, createRootLogger, Transactions } from '@shanchou/core';
import {
  canonicalJson,
  completedBy,
  LedgerKind,
  LedgerProofService,
  LedgerService,
  leafHash,
  NodeKey,
  nodeId,
} from '@shanchou/ledger';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { verifyInclusion } from '@shanchou/ledger-verifier';
import { DataSource } from 'typeorm';
import { percentile, scratchDatabase } from './lib/scratch-database';

const { values } = parseArgs({
  options: {
    appends: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    size: { type: 'string', default: '1000000' },
  },
});
const APPENDS = Number(values.appends);
const CONCURRENCY = Number(values.concurrency);
const SIZE = Number(values.size);

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const scratch = await scratchDatabase('bench_ledger', CONCURRENCY + 2);
  const config = AppConfig.fromProcessEnv(
    { ...scratch.env, NODE_ENV: 'development', RUN_JOBS: undefined, LOG_LEVEL: 'warn' },
    'cli',
  );
  const log = createRootLogger({ level: 'warn', service: 'bench' });
  const app = await NestFactory.createApplicationContext(
    CliModule.forRoot(config, log, { database: { runMigrations: true } }),
    {
      logger: false,
    },
  );
  try {
    console.log(
      `database: ${config.database.kind}${config.database.kind === 'postgres' ? ' (scratch database)' : ' (embedded, temporary)'}; machine: ${cpus().length} cores`,
    );
    const ledger = app.get(LedgerService);
    const tx = app.get(Transactions);
    const ds = app.get(DataSource);
    const campaign = randomUUID();

    // --- appends, each in its own transaction, CONCURRENCY at a time -------------------------
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < APPENDS) {
          next++;
          const t0 = performance.now();
          await tx.run((m) =>
            ledger.append(m, {
              kind: LedgerKind.DONATION,
              amountFen: 100,
              campaignId: campaign,
              donor: { name: '张三', anonymous: false },
            }),
          );
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `appends: ${APPENDS} in ${seconds.toFixed(1)} s = ${(APPENDS / seconds).toFixed(0)} appends/s at concurrency ${CONCURRENCY}; latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`,
    );

    // --- grow to SIZE with a bulk loader: the same rows and nodes append would write ------------
    const startSize = APPENDS;
    const nodes = new Map<string, Buffer>();
    // Seed the in-memory frontier with the stored nodes the bulk loader will need as left siblings.
    const stored: { level: number; index: string; hash: Buffer }[] = await ds.query(
      'SELECT level, index, hash FROM ledger_node',
    );
    for (const r of stored) nodes.set(nodeId({ level: r.level, index: Number(r.index) }), r.hash);
    const loadStart = performance.now();
    const BATCH = 10_000;
    const occurredAt = new Date().toISOString();
    for (let from = startSize; from < SIZE; from += BATCH) {
      const to = Math.min(SIZE, from + BATCH);
      const entries: { seq: number; canonical: string; leaf: string }[] = [];
      const newNodes: { key: NodeKey; hash: Buffer }[] = [];
      for (let seq = from; seq < to; seq++) {
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
        const leaf = leafHash(canonical);
        for (const n of completedBy(seq, leaf, (k) => nodes.get(nodeId(k))!)) {
          nodes.set(nodeId(n.key), n.hash);
          newNodes.push(n);
        }
        entries.push({ seq, canonical, leaf: leaf.toString('hex') });
      }
      await ds.transaction(async (m) => {
        await m.query(
          `INSERT INTO ledger_entry (seq, kind, amount_fen, campaign_id, donor, occurred_at, canonical, leaf_hash)
           SELECT s, 'DONATION', 100, $2::uuid, '张*', $3::timestamptz, c, h FROM unnest($1::bigint[], $4::text[], $5::text[]) AS x(s, c, h)`,
          [
            entries.map((e) => e.seq),
            campaign,
            occurredAt,
            entries.map((e) => e.canonical),
            entries.map((e) => e.leaf),
          ],
        );
        await m.query(
          `INSERT INTO ledger_node (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
          [newNodes.map((n) => n.key.level), newNodes.map((n) => n.key.index), newNodes.map((n) => n.hash)],
        );
        await m.query('UPDATE ledger_state SET size = $1 WHERE id = 1', [to]);
      });
      // Only left siblings still waiting for their right one are needed again: memory stays O(log n).
      for (const n of newNodes) {
        if (n.key.level > 0) {
          nodes.delete(nodeId({ level: n.key.level - 1, index: 2 * n.key.index }));
          nodes.delete(nodeId({ level: n.key.level - 1, index: 2 * n.key.index + 1 }));
        } else if (n.key.index % 2 === 1) {
          nodes.delete(nodeId(n.key));
        }
      }
      if (Math.floor(to / 200_000) > Math.floor(from / 200_000)) process.stdout.write(`  loaded ${to} entries\n`);
    }
    console.log(`bulk-loaded to ${SIZE} entries in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    // --- proofs at SIZE ----------------------------------------------------------------------------
    const proofs = app.get(LedgerProofService);
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
    const [row]: { leaf_hash: string }[] = await ds.query('SELECT leaf_hash FROM ledger_entry WHERE seq = $1', [probe]);
    if (
      row.leaf_hash !== proof.leafHash ||
      !verifyInclusion(probe, SIZE, proof.leafHash, proof.auditPath, await proofs.root(SIZE))
    ) {
      throw new Error(`the bulk-loaded tree does not prove entry ${probe}`);
    }
    const root = await time(20, () => proofs.root(SIZE));
    const inclusion = await time(200, () => proofs.inclusion(Math.floor(Math.random() * SIZE), SIZE));
    const consistency = await time(100, () => proofs.consistency(1 + Math.floor(Math.random() * (SIZE - 1)), SIZE));
    console.log(
      `at ${SIZE} entries: root p50 ${ms(percentile(root, 50))}; inclusion proof p50 ${ms(percentile(inclusion, 50))}, p99 ${ms(percentile(inclusion, 99))}; consistency proof p50 ${ms(percentile(consistency, 50))}, p99 ${ms(percentile(consistency, 99))}`,
    );
    const afterLatencies = await time(200, () =>
      tx.run((m) =>
        ledger.append(m, {
          kind: LedgerKind.DONATION,
          amountFen: 100,
          campaignId: campaign,
          donor: { name: '李四', anonymous: false },
        }),
      ),
    );
    console.log(
      `appends at ${SIZE} entries (one at a time): p50 ${ms(percentile(afterLatencies, 50))}, p99 ${ms(percentile(afterLatencies, 99))}`,
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
