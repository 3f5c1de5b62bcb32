#!/usr/bin/env node
// The scale-out figure: the donation flow of bench:donations against 1 API + 1 worker, then against
// 2 APIs + 2 workers, all on one scratch PostgreSQL database and one Redis database, with the WeChat
// stand-in in a process of its own. Prints p50/p95/p99 and completed flows/s per offered rate and
// configuration, the throughput ratio (b)/(a), each process's CPU, and checks that the replicas kept
// one ledger (one sequencer integrating at a time: gapless seqs, no duplicates) and credited each
// gift once. Plain Node (>= 20); PostgreSQL and Redis are reached through the app's own clients.
//
//   npm run bench:scale-out -- [--rates 50,100,200] [--duration 15] [--json]
//
// No load balancer: donors are spread round-robin over the APIs (bench:donations' --also), each
// donor staying with one replica as a sticky nginx upstream would. Every order's notify_url names
// the other replica (--notify crossed, the default), so every long poll must be woken by a credit
// made in another process. Every child process is stopped at the end, on error and on Ctrl-C too;
// the scratch database is dropped and the Redis database (its own number) flushed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runDonations } from './donations.mjs';
import { cpuSnapshot, donorsFor, machine, sleep } from './lib/flow.mjs';
import { benchOptions, loopbackTarget, round, send } from './lib/loopback.mjs';

// eslint-disable-next-line no-restricted-syntax -- a bench starts the app's processes beside it, not in it: it passes them PATH, HOME and LANG.
const ENV = process.env;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { Client } = require('pg');
const IORedis = require('ioredis');

const MAX_DURATION_S = 60;
/** "Sustains": every flow of the window but 1 % PAID, and p99 from scheduled start to PAID under this. */
const SUSTAIN_P99_MS = 500;
const SUSTAIN_COMPLETED = 0.99;
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

const USAGE = `usage: npm run bench:scale-out -- [options]

  --rates <r,...>        offered rates in flows per second, the same for each configuration (default 50,100,200)
  --duration <seconds>   each rate's window, capped at ${MAX_DURATION_S} (default 15)
  --pause <seconds>      between windows (default 3)
  --configs <n,...>      replicas per configuration, API and worker each (default 1,2)
  --notify <mode>        crossed: each API's PUBLIC_BASE_URL is the next replica's, so WeChat Pay's
                         notification lands on a replica other than the one that took the order and
                         waits on it; own: on the same one (default crossed; one replica: own)
  --postgres <url>       the server to create the scratch database on (default postgres://postgres@127.0.0.1:5432/postgres)
  --redis <url>          the Redis server, without a database number (default redis://127.0.0.1:6379)
  --redis-db <n>         the Redis database to use, empty at start, flushed at the end (default 11)
  --port-base <port>     the stand-in listens on it, the APIs on the next ones +11, +12, ... (default 3900)
  --no-build             use dist/ as it is instead of running npm run build first
  --keep                 keep the scratch folder (logs, the dist/ snapshot) and the database
  --json                 print the figures as one JSON object at the end
  --help`;

function parseOptions() {
  const { values, durationMs, int, fail } = benchOptions({
    script: 'scale-out',
    usage: USAGE,
    defaultDurationS: 15,
    maxDurationS: MAX_DURATION_S,
    options: {
      rates: { type: 'string', default: '50,100,200' },
      pause: { type: 'string', default: '3' },
      configs: { type: 'string', default: '1,2' },
      notify: { type: 'string', default: 'crossed' },
      postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
      'redis-db': { type: 'string', default: '11' },
      'port-base': { type: 'string', default: '3900' },
      'no-build': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const rates = values.rates.split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isFinite(r) || r <= 0)) fail(`--rates must be positive numbers, got "${values.rates}"`);
  const configs = values.configs.split(',').map((n) => Number(n.trim()));
  if (configs.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) fail('--configs must be whole numbers 1-8');
  if (!['crossed', 'own'].includes(values.notify)) fail('--notify must be crossed or own');
  for (const [name, text] of [
    ['--postgres', values.postgres],
    ['--redis', values.redis],
  ]) {
    const host = new URL(text).hostname.replace(/^\[|\]$/g, '');
    if (!['localhost', '127.0.0.1', '::1'].includes(host)) fail(`${name} must be on this machine (loopback)`);
  }
  const redisDb = Number(values['redis-db']);
  if (!Number.isInteger(redisDb) || redisDb < 1 || redisDb > 15)
    fail('--redis-db must be 1-15 (0 is the default everyone shares)');
  const portBase = int('port-base');
  if (portBase + 10 + Math.max(...configs) > 65535) fail('--port-base too high');
  return {
    rates,
    durationMs,
    pauseMs: Number(values.pause) * 1000,
    configs,
    notify: values.notify,
    postgres: values.postgres,
    redis: values.redis.replace(/\/\d*$/, ''),
    redisDb,
    portBase,
    build: !values['no-build'],
    keep: values.keep,
    json: values.json,
  };
}

// --- child processes ------------------------------------------------------------------------------

/** Every process this run started and has not seen exit; stopped on every way out. */
const children = new Set();

/** Node flags for every process it starts, e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const EXTRA_NODE_ARGS = (ENV.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

function startProcess(name, args, { env, cwd, logDir }) {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [...EXTRA_NODE_ARGS, ...args], { cwd, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const proc = { name, child, pid: child.pid, logFile, exited: null };
  proc.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(proc);
      proc.exitCode = code;
      proc.exitSignal = signal;
      resolve({ code, signal });
    }),
  );
  children.add(proc);
  return proc;
}

function logTail(proc, lines = 15) {
  try {
    return fs.readFileSync(proc.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM (the app's graceful shutdown), SIGKILL after STOP_TIMEOUT_MS. */
async function stopProcess(proc) {
  if (!children.has(proc)) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await proc.exited;
  clearTimeout(timer);
}

const stopAll = () => Promise.all([...children].map(stopProcess));

/** One short command to its end (the build, migrations, the seed); throws with its output on failure. */
function runCommand(name, command, args, { env, cwd, logDir }) {
  return new Promise((resolve, reject) => {
    const logFile = path.join(logDir, `${name}.log`);
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const proc = { name, child, pid: child.pid, logFile };
    children.add(proc);
    child.on('error', (err) => {
      children.delete(proc);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      children.delete(proc);
      if (code === 0) resolve(fs.readFileSync(logFile, 'utf8'));
      else reject(new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${logTail(proc, 30)}`));
    });
  });
}

async function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1' }, () => server.close(() => resolve(true)));
  });
}

/** Polls `check` until it answers true; fails early when `proc` exits. */
async function waitReady(proc, what, check) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!children.has(proc))
      throw new Error(`${proc.name} exited (${proc.exitSignal ?? proc.exitCode}) before ${what}:\n${logTail(proc)}`);
    if (await check().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`${proc.name}: no ${what} in ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(200);
  }
}

// --- PostgreSQL checks ------------------------------------------------------------------------------

async function query(db, sql, params = []) {
  return (await db.query(sql, params)).rows;
}

/** The campaign's running totals less its PAID gifts, in one snapshot: constant unless a gift is credited twice (or not at all). */
async function campaignExcess(db, slug) {
  const [row] = await query(
    db,
    `SELECT c.donation_count - count(d.id) AS gifts, c.raised_fen - coalesce(sum(d.amount_fen), 0) AS fen
       FROM campaign c LEFT JOIN donation d ON d.campaign_id = c.id AND d.status = 'PAID'
      WHERE c.slug = $1 GROUP BY c.id`,
    [slug],
  );
  return { gifts: Number(row.gifts), fen: Number(row.fen) };
}

/** Waits until the sequencers integrated every queued entry (at most `ms`). */
async function ledgerSettled(db, ms = 30_000) {
  const deadline = performance.now() + ms;
  for (;;) {
    const [{ n }] = await query(db, 'SELECT count(*)::int AS n FROM ledger_pending');
    if (n === 0) return true;
    if (performance.now() > deadline) return false;
    await sleep(250);
  }
}

/**
 * What the replicas must have kept true, over the whole database (every configuration so far), read
 * once every process of the configuration has stopped: one ledger, gapless from 0 with each seq once
 * and a signed head at its size (exactly one sequencer integrated each batch), and each gift PAID
 * once: one DONATION entry, its own ledgerSeq, counted once in the campaign's totals.
 */
async function correctness(db, { since, baseline, slug }) {
  const [ledger] = await query(
    db,
    `SELECT count(*)::bigint AS entries, count(DISTINCT seq)::bigint AS distinct_seqs,
            coalesce(min(seq), 0)::bigint AS min_seq, coalesce(max(seq) + 1, 0)::bigint AS max_seq_plus_one,
            (SELECT size FROM ledger_state LIMIT 1)::bigint AS state_size,
            (SELECT max(tree_size) FROM ledger_tree_head)::bigint AS head_size,
            (SELECT count(*) FROM ledger_tree_head WHERE signed_at >= $1)::bigint AS heads_signed,
            (SELECT count(*) FROM ledger_pending)::bigint AS pending
       FROM ledger_entry`,
    [since],
  );
  const [gifts] = await query(
    db,
    `WITH entries AS (
       SELECT substring(memo FROM '(\\S+)$') AS receipt_no, count(*) AS n
         FROM ledger_entry WHERE kind = 'DONATION' GROUP BY 1
     )
     SELECT count(*) FILTER (WHERE d.created_at >= $1)::int AS donations,
            count(*) FILTER (WHERE d.created_at >= $1 AND d.status = 'PAID')::int AS paid,
            count(*) FILTER (WHERE d.status = 'PAID')::int AS paid_all,
            count(*) FILTER (WHERE d.status = 'PAID' AND coalesce(e.n, 0) <> 1)::int AS paid_not_one_entry,
            count(*) FILTER (WHERE d.status <> 'PAID' AND coalesce(e.n, 0) <> 0)::int AS unpaid_with_entry,
            count(*) FILTER (WHERE d.status = 'PAID' AND d.ledger_seq IS NULL)::int AS paid_without_seq,
            count(*) FILTER (WHERE d.status = 'PAID' AND d.ledger_seq IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM ledger_entry x WHERE x.seq = d.ledger_seq AND x.kind = 'DONATION' AND x.memo LIKE '%' || d.receipt_no
            ))::int AS seq_not_own_entry
       FROM donation d LEFT JOIN entries e ON e.receipt_no = d.receipt_no`,
    [since],
  );
  // Each bench donor's openid ends in its index, and signInMany gave donor i to replica i mod n.
  const receipts = await query(
    db,
    `SELECT d.receipt_no, substring(o.openid FROM '-(\\d+)$')::int AS donor_index
       FROM donation d JOIN donor o ON o.id = d.donor_id
      WHERE d.created_at >= $1 AND d.status = 'PAID'`,
    [since],
  );
  const excess = await campaignExcess(db, slug);
  const n = (k) => Number(ledger[k]);
  const ledgerOk =
    n('entries') === n('distinct_seqs') &&
    n('min_seq') === 0 &&
    n('max_seq_plus_one') === n('entries') &&
    n('state_size') === n('entries') &&
    n('head_size') === n('entries') &&
    n('pending') === 0;
  const creditedOnce =
    gifts.paid_not_one_entry === 0 &&
    gifts.unpaid_with_entry === 0 &&
    gifts.paid_without_seq === 0 &&
    gifts.seq_not_own_entry === 0 &&
    excess.gifts === baseline.gifts &&
    excess.fen === baseline.fen;
  return {
    ledger: Object.fromEntries(Object.keys(ledger).map((k) => [k, n(k)])),
    ledgerOk,
    gifts,
    campaign: { baseline, excess },
    creditedOnce,
    receipts,
  };
}

/**
 * Where the stand-in delivered each PAID gift's notification, whether at the first try, and on how
 * many it landed on another replica than the one its donor (and so its long poll) was on.
 */
async function notifications(agent, wechat, receipts, ports) {
  const res = await send(agent, wechat, { path: '/_sim/notifications' });
  if (res.status !== 200) return { error: `the stand-in's notifications answered ${res.status}` };
  const waitedOn = new Map(receipts.map((r) => [r.receipt_no, ports[r.donor_index % ports.length]]));
  const wanted = new Set(waitedOn.keys());
  let otherReplica = 0;
  const byUrl = {};
  let sent = 0;
  let delivered = 0;
  let retried = 0;
  const seen = new Set();
  for (const n of JSON.parse(res.body.toString('utf8'))) {
    if (!wanted.has(n.outTradeNo)) continue;
    sent++;
    seen.add(n.outTradeNo);
    const port = new URL(n.url).port;
    byUrl[port] = (byUrl[port] ?? 0) + 1;
    if (Number(port) !== waitedOn.get(n.outTradeNo)) otherReplica++;
    if (n.delivered) delivered++;
    if (n.deliveries.length > 1) retried++;
  }
  return { sent, delivered, retried, withoutNotification: receipts.length - seen.size, otherReplica, byPort: byUrl };
}

// --- one configuration --------------------------------------------------------------------------------

async function runConfiguration(n, ctx) {
  const { opts, db, appDir, logDir, common, wechat, stand, log } = ctx;
  const label = n === 1 ? '1 API + 1 worker' : `${n} APIs + ${n} workers`;
  const ports = Array.from({ length: n }, (_, i) => opts.portBase + 11 + i);
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const notifyTo = (i) => (opts.notify === 'crossed' && n > 1 ? urls[(i + 1) % n] : urls[i]);
  log(`\n=== ${label} (APIs on ${ports.join(', ')}; notify_url ${n > 1 ? opts.notify : 'own'}) ===`);
  const started = performance.now();
  const apis = [];
  const workers = [];
  try {
    // One at a time, so that startups do not fight over the two cores (and the keys under DATA_DIR exist).
    for (let i = 0; i < n; i++) {
      const api = startProcess(`c${n}-api${i + 1}`, ['--enable-source-maps', 'dist/apps/api/src/main.js'], {
        cwd: appDir,
        logDir,
        env: { ...common, PORT: String(ports[i]), PUBLIC_BASE_URL: notifyTo(i) },
      });
      apis.push(api);
      const target = loopbackTarget(urls[i]);
      const agent = new http.Agent();
      await waitReady(
        api,
        '200 on /health',
        async () => (await send(agent, target, { path: '/health' })).status === 200,
      );
      agent.destroy();
    }
    for (let i = 0; i < n; i++) {
      workers.push(
        startProcess(`c${n}-worker${i + 1}`, ['--enable-source-maps', 'dist/apps/worker/src/main.js'], {
          cwd: appDir,
          logDir,
          env: { ...common, PORT: String(ports[i]), PUBLIC_BASE_URL: urls[0] },
        }),
      );
    }
    const own = { 'wechat-sim': stand.pid };
    apis.forEach((p, i) => (own[`api${i + 1}`] = p.pid));
    workers.forEach((p, i) => (own[`worker${i + 1}`] = p.pid));
    const [{ now: since }] = await query(db, 'SELECT now()');
    const targets = urls.map((u) => loopbackTarget(u));
    const base = {
      targets,
      wechat,
      durationMs: opts.durationMs,
      pauseMs: opts.pauseMs,
      wait: 'long',
      pollMs: 25,
      campaign: ctx.campaign,
      amountFen: 1000,
      appid: 'wxshanchoudemo01',
    };
    // Warm-up, not counted: a few flows through every replica, then the queue drained, which only a
    // worker's sequencer does: every process is up and its code warm.
    await runDonations({ ...base, rates: [10], durationMs: 3000, pauseMs: 0, donors: 40 }, { log: () => {} });
    for (const w of workers)
      if (!children.has(w)) throw new Error(`${w.name} exited during the warm-up:\n${logTail(w)}`);
    if (!(await ledgerSettled(db, 30_000)))
      throw new Error('warm-up: the workers did not integrate the ledger in 30 s');
    log(
      `${label} up and warm in ${Math.round((performance.now() - started) / 1000)} s; load average ${os.loadavg().map(round).join(' ')}`,
    );

    const cpu = cpuSnapshot();
    const result = await runDonations(
      { ...base, rates: opts.rates, donors: donorsFor(Math.max(...opts.rates)) },
      { log: (line) => log(`  ${line}`), own },
    );
    const host = machine(cpu, own);
    for (const p of [...apis, ...workers])
      if (!children.has(p)) throw new Error(`${p.name} exited during the run:\n${logTail(p)}`);
    // Nothing may change under the checks: the APIs stop (no more credits: the stand-in's retries of a
    // notification no longer land), the workers integrate what is queued, then stop too.
    let settled = await ledgerSettled(db, 30_000);
    await Promise.all(apis.map(stopProcess));
    settled = (await ledgerSettled(db, 30_000)) && settled;
    await Promise.all(workers.map(stopProcess));
    const checks = await correctness(db, { since, baseline: ctx.baseline, slug: ctx.campaign });
    const agent = new http.Agent({ keepAlive: true });
    const notes = await notifications(agent, wechat, checks.receipts, ports);
    agent.destroy();
    delete checks.receipts;
    return {
      replicas: n,
      label,
      urls,
      notify: n > 1 ? opts.notify : 'own',
      ...result,
      machine: host,
      settled,
      checks,
      notifications: notes,
    };
  } finally {
    await Promise.all([...apis, ...workers].map(stopProcess));
  }
}

// --- figures --------------------------------------------------------------------------------------------

const sustains = (w) =>
  w.completed >= SUSTAIN_COMPLETED * w.scheduled &&
  w.paidLatencyMs.p99 !== null &&
  w.paidLatencyMs.p99 < SUSTAIN_P99_MS;

function summarise(config) {
  const held = config.windows.filter(sustains);
  const best = held.length ? held[held.length - 1] : null;
  const top = config.windows[config.windows.length - 1];
  return {
    sustainedRate: best?.offeredPerSecond ?? null,
    sustainedCompletedPerSecond: best?.completedPerSecond ?? null,
    topOfferedRate: top.offeredPerSecond,
    topCompletedPerSecond: top.completedPerSecond,
  };
}

function table(config) {
  const rows = config.windows.map((w) => {
    const cpu = Object.fromEntries(w.machine.ours.map((s) => s.split(/ (?=\d+%$)/)));
    const apis = Object.keys(cpu).filter((k) => k.startsWith('api'));
    const workers = Object.keys(cpu).filter((k) => k.startsWith('worker'));
    const part = (keys) => keys.map((k) => cpu[k]).join('+') || '0%';
    return [
      `${w.offeredPerSecond}/s`,
      `${w.completed}/${w.scheduled}`,
      `${w.completedPerSecond}/s`,
      `${w.paidLatencyMs.p50} / ${w.paidLatencyMs.p95} / ${w.paidLatencyMs.p99} / ${w.paidLatencyMs.max}`,
      sustains(w) ? 'yes' : 'no',
      `api ${part(apis)}, worker ${part(workers)}, sim ${cpu['wechat-sim'] ?? '0%'}, bench ${cpu.bench ?? '0%'}, pg ${w.machine.services?.postgres ?? '?'}%, redis ${w.machine.services?.['redis-server'] ?? '?'}%; busy ${w.machine.machineBusyPercent}%, others ${w.machine.othersPercent}%, load ${w.machine.loadAverage[0]}`,
    ];
  });
  const head = ['offered', 'PAID', 'completed', 'p50 / p95 / p99 / max ms', 'sustains', 'CPU (% of one core)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

function checksLine(c) {
  const l = c.checks.ledger;
  const g = c.checks.gifts;
  const n = c.notifications;
  const notifyLine = n.error
    ? n.error
    : `${n.sent} notifications for ${g.paid} PAID gifts (${Object.entries(n.byPort)
        .map(([p, k]) => `${k} to :${p}`)
        .join(
          ', ',
        )}), ${n.delivered} delivered, ${n.retried} needed a retry, ${n.withoutNotification} gifts without one; ${n.otherReplica} landed on another replica than the one whose long poll saw the gift PAID`;
  return [
    `ledger ${c.checks.ledgerOk ? 'OK' : 'BROKEN'}: ${l.entries} entries, ${l.distinct_seqs} distinct seqs, seq ${l.min_seq}..${l.max_seq_plus_one - 1}, ledger_state ${l.state_size}, newest signed head at ${l.head_size}, ${l.heads_signed} heads signed in this configuration, ${l.pending} still queued${c.settled ? '' : ' (NOT settled in 30 s)'}`,
    `gifts ${c.checks.creditedOnce ? 'credited once' : 'CREDIT MISMATCH'}: ${g.paid}/${g.donations} PAID in this configuration (warm-up included), ${g.paid_all} in the database; of those, without exactly one DONATION entry ${g.paid_not_one_entry}, without ledgerSeq ${g.paid_without_seq}, ledgerSeq not its own entry ${g.seq_not_own_entry}; unpaid with an entry ${g.unpaid_with_entry}; campaign totals less PAID gifts ${c.checks.campaign.excess.gifts} gifts / ${c.checks.campaign.excess.fen} fen (after the seed: ${c.checks.campaign.baseline.gifts} / ${c.checks.campaign.baseline.fen})`,
    `long polls (${c.wait}): ${notifyLine}`,
  ].join('\n');
}

// --- main ------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseOptions();
  const log = opts.json ? (line) => console.error(line) : (line) => console.log(line);
  const id = randomBytes(4).toString('hex');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shanchou-scale-out-'));
  const logDir = path.join(scratch, 'logs');
  fs.mkdirSync(logDir);
  const dbName = `shanchou_scaleout_${id}`;
  const databaseUrl = (() => {
    const u = new URL(opts.postgres);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  const redisUrl = `${opts.redis}/${opts.redisDb}`;
  let admin = null;
  let redis = null;
  let db = null;
  let created = false;
  let flushed = false;
  let cleaning = null;

  async function cleanup() {
    if (cleaning) return cleaning;
    cleaning = (async () => {
      await stopAll();
      await db?.end().catch(() => {});
      if (created && !opts.keep) {
        await admin
          ?.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
          .catch((e) => log(`drop ${dbName}: ${e.message}`));
        log(`dropped database ${dbName}`);
      }
      await admin?.end().catch(() => {});
      if (redis && !flushed) {
        await redis.flushdb().catch((e) => log(`flushdb: ${e.message}`));
        flushed = true;
        log(`flushed Redis database ${opts.redisDb}`);
      }
      redis?.disconnect();
      if (!opts.keep) fs.rmSync(scratch, { recursive: true, force: true });
      else log(`kept ${scratch} (logs, dist snapshot) and database ${dbName}`);
    })();
    return cleaning;
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      log(`\n${signal}: stopping every process this run started`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  // The last resort, should the process end without cleanup: no child outlives it.
  process.on('exit', () => {
    for (const p of children) p.child.kill('SIGKILL');
  });

  try {
    const load = os.loadavg().map(round);
    log(
      `scale-out: ${os.cpus().length} cores (nproc), load average ${load.join(' ')} at start; rates ${opts.rates.join(', ')} flows/s, ${opts.durationMs / 1000} s each; configurations ${opts.configs.join(', ')}`,
    );
    const ports = [
      opts.portBase,
      ...Array.from({ length: Math.max(...opts.configs) }, (_, i) => opts.portBase + 11 + i),
    ];
    for (const p of ports) if (!(await portFree(p))) throw new Error(`port ${p} is in use: pick another --port-base`);

    redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const keys = await redis.dbsize();
    if (keys > 0) {
      flushed = true; // not ours: never flushed
      throw new Error(`Redis database ${opts.redisDb} holds ${keys} keys: not ours, pick another --redis-db`);
    }
    admin = new Client({ connectionString: opts.postgres });
    await admin.connect();

    if (opts.build) {
      const t = performance.now();
      await runCommand('build', 'npm', ['run', 'build', '--silent'], { cwd: ROOT, env: ENV, logDir });
      log(`npm run build: ${Math.round(performance.now() - t)} ms`);
    }
    // A copy of the build, so that another engineer's build in this tree cannot change the code between the configurations.
    const appDir = path.join(scratch, 'app');
    fs.mkdirSync(appDir);
    fs.cpSync(path.join(ROOT, 'dist'), path.join(appDir, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(appDir, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'));
    const buildStamp = (() => {
      try {
        return JSON.parse(fs.readFileSync(path.join(appDir, 'dist', '.build.json'), 'utf8')).fingerprint?.slice(0, 12);
      } catch {
        return null;
      }
    })();

    await admin.query(`CREATE DATABASE ${dbName}`);
    created = true;
    const common = {
      PATH: ENV.PATH,
      HOME: ENV.HOME ?? os.homedir(),
      LANG: ENV.LANG ?? 'C.UTF-8',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      // Pub/sub channels are server-wide, not per database: a prefix of its own keeps the wake-ups apart.
      REDIS_PREFIX: `scaleout-${id}`,
      DATA_DIR: path.join(scratch, 'data'),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      TRUST_PROXY: '127.0.0.1,::1',
      WECHATPAY_BASE_URL: `http://127.0.0.1:${opts.portBase}/wechat-sim`,
      WECHAT_OAUTH_BASE_URL: `http://127.0.0.1:${opts.portBase}/wechat-sim`,
    };
    const t = performance.now();
    await runCommand('migrate', process.execPath, ['dist/apps/api/src/cli/migrate.js', 'run'], {
      cwd: appDir,
      env: common,
      logDir,
    });
    await runCommand('seed', process.execPath, ['dist/apps/api/src/cli/seed-demo.js'], {
      cwd: appDir,
      env: common,
      logDir,
    });
    log(
      `database ${dbName}: migrated and demo seed loaded in ${Math.round(performance.now() - t)} ms; Redis ${redisUrl} (prefix ${common.REDIS_PREFIX})`,
    );
    db = new Client({ connectionString: databaseUrl });
    await db.connect();

    const stand = startProcess('wechat-sim', ['--enable-source-maps', 'dist/apps/wechat-sim/src/main.js'], {
      cwd: appDir,
      logDir,
      env: { ...common, PORT: String(opts.portBase) },
    });
    const wechat = loopbackTarget(`http://127.0.0.1:${opts.portBase}/wechat-sim`);
    {
      const agent = new http.Agent();
      await waitReady(
        stand,
        'an answer',
        async () => (await send(agent, wechat, { path: '/_sim/notifications?out_trade_no=-' })).status === 200,
      );
      agent.destroy();
    }
    log(`the WeChat stand-in (pid ${stand.pid}) on :${opts.portBase}`);

    const campaign = 'cixin-yiri-juan-2026';
    const ctx = {
      opts,
      db,
      appDir,
      logDir,
      common,
      wechat,
      stand,
      log,
      campaign,
      baseline: await campaignExcess(db, campaign),
    };
    const results = [];
    for (const n of opts.configs) {
      const c = await runConfiguration(n, ctx);
      results.push(c);
      log(`\n${c.label}:\n${table(c)}\n${checksLine(c)}`);
    }

    const figures = results.map((c) => ({ replicas: c.replicas, label: c.label, ...summarise(c) }));
    const [a] = figures;
    const ratios = figures.slice(1).map((b) => ({
      of: `${b.label} / ${a.label}`,
      atSustainedRate:
        a.sustainedCompletedPerSecond && b.sustainedCompletedPerSecond
          ? round(b.sustainedCompletedPerSecond / a.sustainedCompletedPerSecond)
          : null,
      atTopOfferedRate: a.topCompletedPerSecond ? round(b.topCompletedPerSecond / a.topCompletedPerSecond) : null,
    }));
    log(
      `\nsummary (sustains: ≥ ${SUSTAIN_COMPLETED * 100} % of the window's flows PAID and p99 < ${SUSTAIN_P99_MS} ms, scheduled start → PAID):`,
    );
    for (const f of figures)
      log(
        `  ${f.label}: sustains ${f.sustainedRate === null ? 'none of the rates tried' : `${f.sustainedRate} flows/s (${f.sustainedCompletedPerSecond} completed/s)`}; at ${f.topOfferedRate}/s offered ${f.topCompletedPerSecond} completed/s`,
      );
    for (const r of ratios)
      log(
        `  ratio ${r.of}: ${r.atSustainedRate ?? 'n/a'} at the highest rate each sustains${r.atSustainedRate !== null && figures.every((f) => f.sustainedRate === Math.max(...opts.rates)) ? ' (both sustain the highest rate tried: the ratio is capped by the offer, not by the platform)' : ''}; ${r.atTopOfferedRate ?? 'n/a'} in completed flows/s at ${Math.max(...opts.rates)}/s offered`,
      );
    const allOk = results.every((c) => c.checks.ledgerOk && c.checks.creditedOnce && c.settled);
    log(`  correctness across replicas: ${allOk ? 'OK' : 'FAILED'} (one gapless ledger, each gift credited once)`);
    log(`  build ${buildStamp ?? '?'}, load average now ${os.loadavg().map(round).join(' ')}`);
    if (opts.json)
      console.log(
        JSON.stringify({
          machine: { cores: os.cpus().length, loadAtStart: load, build: buildStamp },
          rates: opts.rates,
          results,
          figures,
          ratios,
          sustains: { p99BelowMs: SUSTAIN_P99_MS, completedAtLeast: SUSTAIN_COMPLETED },
        }),
      );
    process.exitCode = allOk ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().catch((err) => {
  console.error(`scale-out: ${err.stack ?? err}`);
  process.exitCode = 1;
});
