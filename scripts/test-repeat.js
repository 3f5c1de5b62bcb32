#!/usr/bin/env node
// `npm run test:repeat -- <n>`: proof of determinism. Runs the embedded jest suite and the H5
// pages' Vitest component tests n times in a row (default 5) and fails on any failed test, any
// unhandled error, and any jest worker that had to be force-exited (a handle left open).
// `--servers` adds a jest pass against DATABASE_URL and REDIS_URL to every round. Runs as CI does
// (CI=true unless set).
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const withServers = args.includes('--servers');
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: npm run test:repeat -- <n> [--servers]   (n ≥ 1)');
  process.exit(2);
}
if (withServers && !(process.env.DATABASE_URL && process.env.REDIS_URL)) {
  console.error('--servers needs DATABASE_URL and REDIS_URL');
  process.exit(2);
}

/** What a run that passed must not say anyway. */
const TROUBLE = [
  /failed to exit gracefully/,
  /force exited/i,
  /Unhandled (Error|Rejection)/i,
  /unhandled errors? during the test run/i,
  /Jest has detected the following \d+ open handles?/,
];

/** As CI runs them (CI=true: two jest workers). */
const ciEnv = { ...process.env, CI: process.env.CI || 'true' };

function embeddedEnv() {
  const env = { ...ciEnv };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return env;
}

/** Runs one pass, its output passed through and kept to be searched. */
function pass(name, command, commandArgs, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    let output = '';
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk.toString('utf8');
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const trouble = TROUBLE.filter((p) => p.test(output)).map((p) => `output matches ${p}`);
      if (code !== 0) trouble.unshift(`exit code ${code}`);
      resolve({ name, seconds, trouble });
    });
  });
}

async function main() {
  const jest = [path.join(root, 'node_modules/jest/bin/jest.js')];
  const vitest = [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'apps/h5/vite.config.mts'];
  const results = [];
  for (let round = 1; round <= rounds; round++) {
    console.log(`\n== round ${round} of ${rounds}`);
    if (withServers)
      results.push({ round, ...(await pass('jest, PostgreSQL + Redis', process.execPath, jest, ciEnv)) });
    results.push({ round, ...(await pass('jest, embedded', process.execPath, jest, embeddedEnv())) });
    results.push({ round, ...(await pass('vitest, H5 pages', process.execPath, vitest, embeddedEnv())) });
  }
  console.log(`\n== test:repeat: ${rounds} round(s)`);
  for (const r of results) {
    console.log(
      `round ${r.round}  ${r.name.padEnd(26)} ${String(r.seconds).padStart(5)} s  ${r.trouble.length ? `FAILED: ${r.trouble.join('; ')}` : 'ok'}`,
    );
  }
  const failed = results.filter((r) => r.trouble.length > 0);
  if (failed.length > 0) {
    console.error(`\ntest:repeat FAILED: ${failed.length} of ${results.length} passes`);
    process.exit(1);
  }
  console.log(`\ntest:repeat passed: ${results.length} passes, no failure, no unhandled error, no forced exit`);
}

void main();
