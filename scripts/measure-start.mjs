#!/usr/bin/env node
// Measures `npm start` to the first 200 on GET /health, embedded (PGlite, in-process jobs), the
// way a developer starts it: one cold start on a fresh DATA_DIR (not counted), then RUNS warm
// starts on the same folder. Each run prints its total and the phases the server logged
// ('startup phase', scripts/../apps/api/src/main.ts); the end prints the median of each.
//
//   node scripts/measure-start.mjs [--runs 5] [--data-dir DIR] [--keep]
//
// The figure is from spawning npm to the first 200; this script's own start and the server's
// stop are outside it. It polls every 50 ms with keep-alive off, one request at a time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const runs = Number(option('--runs', '5'));
const givenDataDir = option('--data-dir', '');
const dataDir = givenDataDir ? path.resolve(givenDataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'shanchou-start-'));
const POLL_MS = 50;
const TIMEOUT_MS = 120_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

function sparePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { headers: { connection: 'close' } });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** One `npm start`: ms to the first 200 on /health, and the phases the server logged on the way. */
async function startOnce() {
  const port = await sparePort();
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const output = [];
  const started = performance.now();
  // Its own process group, so npm and the node it started are stopped together.
  const server = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let firstLineMs;
  server.stdout.on('data', (chunk) => {
    if (firstLineMs === undefined && chunk.includes('"starting ')) firstLineMs = performance.now() - started;
    output.push(chunk);
  });
  server.stderr.on('data', (chunk) => output.push(chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let total;
  while (performance.now() - started < TIMEOUT_MS) {
    if (server.exitCode !== null) break;
    if (await healthy(port)) {
      total = Math.round(performance.now() - started);
      break;
    }
    await sleep(POLL_MS);
  }
  process.kill(-server.pid, 'SIGTERM');
  await exited;
  const log = Buffer.concat(output).toString('utf8');
  if (total === undefined) {
    process.stderr.write(log);
    throw new Error(`npm start did not answer /health (exit ${server.exitCode})`);
  }
  const phases = phasesIn(log);
  // npm and the prestart build checks: until the server's first line, less its own start.
  if (firstLineMs !== undefined && phases.modules !== undefined) {
    return { total, phases: { 'npm + prestart': Math.round(firstLineMs - phases.modules), ...phases } };
  }
  return { total, phases };
}

/** The server's 'startup phase' lines (pino JSON: { phase, ms }) and npm's prestart, in order. */
function phasesIn(log) {
  const phases = {};
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.msg?.startsWith('startup phase') && typeof entry.phase === 'string') phases[entry.phase] = entry.ms;
    } catch {
      // not a log line
    }
  }
  return phases;
}

const format = ({ total, phases }) =>
  `${String(total).padStart(6)} ms  ${Object.entries(phases)
    .map(([name, ms]) => `${name} ${ms}`)
    .join(' · ')}`;

console.log(`npm start → 200 on /health, DATA_DIR ${dataDir}; ${os.cpus().length} cores, node ${process.version}`);
if (!fs.existsSync(path.join(dataDir, 'pglite'))) console.log(`cold (new DATA_DIR): ${format(await startOnce())}`);
const results = [];
for (let i = 1; i <= runs; i++) {
  const result = await startOnce();
  results.push(result);
  console.log(`warm ${i}: ${format(result)}`);
}
const names = [...new Set(results.flatMap((r) => Object.keys(r.phases)))];
const medians = Object.fromEntries(names.map((n) => [n, median(results.map((r) => r.phases[n] ?? 0))]));
console.log(`median of ${runs} warm: ${format({ total: median(results.map((r) => r.total)), phases: medians })}`);
if (!givenDataDir && !args.includes('--keep')) fs.rmSync(dataDir, { recursive: true, force: true });
