#!/usr/bin/env node
// `npm run chaos:embedded`: the embedded mode (PGlite under DATA_DIR, jobs in-process) killed
// with -9 while it credits payments, then started again on the same DATA_DIR and port. Not a
// CI test: PGlite does not promise durability under kill -9; this reports what happened.
//
//   node scripts/chaos-embedded.mjs [--rounds 5] [--orders 24] [--json]
//
// Each round: `node dist/apps/api/src/main.js` on a fresh DATA_DIR (migrations, demo seed), a
// few donors make orders, two thirds are paid at once, the process is killed with -9 as soon as
// some credits are in and others not, then started again. WeChat (OAuth and Pay, the stand-in)
// runs in this script's own process, as WeChat outlives our crash, and retries its
// notifications (at a twentieth of WeChat's schedule). After the restart the round waits for
// the notifications to be answered and the payment windows to pass, then compares every order
// with WeChat's state, counts ledger entries per order, and verifies the ledger.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(root, 'dist', p));

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    orders: { type: 'string', default: '24' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: node scripts/chaos-embedded.mjs [--rounds 5] [--orders 24 (at most 30)] [--json]\n');
  process.exit(0);
}
const ROUNDS = Number(values.rounds);
// The checkout limits: ten orders a minute per donor, thirty per address (everything here is 127.0.0.1).
const ORDERS = Math.min(Number(values.orders), 30);
const PER_DONOR = 8;
const PAYMENT_WINDOW_SECONDS = 8;
const CAMPAIGN = 'fupin-shanchou';

const { AppConfig, createRootLogger } = dist('libs/core/src/index.js');
const { createApi } = dist('apps/api/src/index.js');
const { PaySimStore } = dist('apps/wechat-sim/src/index.js');
const { verifyLedger } = dist('apps/ledger-verifier/src/index.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what, check, timeoutMs, pollMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

async function gql(url, query, variables = {}, token) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** WeChat, in this process: an embedded app of its own (in memory) whose stand-in we use. */
async function startWechat() {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-chaos-wechat-'));
  const config = AppConfig.from({
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const app = await createApi(config, createRootLogger({ level: 'error', service: 'wechat' }, quiet), {
    core: { database: { inMemory: true } },
    wechatSim: { notifyRetryScale: 0.05 },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, dataDir, store: app.get(PaySimStore), config, app };
}

function startSubject(port, dataDir, wechatUrl) {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? root,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      WECHATPAY_BASE_URL: `${wechatUrl}/wechat-sim`,
      WECHAT_OAUTH_BASE_URL: `${wechatUrl}/wechat-sim`,
      WECHAT_API_BASE_URL: `${wechatUrl}/wechat-sim`,
      PAYMENT_WINDOW_SECONDS: String(PAYMENT_WINDOW_SECONDS),
      RATE_LIMIT_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c.toString('utf8')));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const ready = waitFor(
    'the API to answer /health',
    async () => {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${stderr.slice(-1500)}`);
      try {
        return (await fetch(`${url}/health`)).ok;
      } catch {
        return false;
      }
    },
    120_000,
  ).then(() => Date.now() - started);
  return {
    url,
    ready,
    stderr: () => stderr,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

async function donorToken(wechat, subjectUrl, openid) {
  const url = new URL(`${wechat.url}/wechat-sim/connect/oauth2/authorize`);
  url.search = new URLSearchParams({
    appid: wechat.config.wechat.appId,
    redirect_uri: `${subjectUrl}/h5/`,
    response_type: 'code',
    scope: 'snsapi_base',
    state: 's',
    openid,
  }).toString();
  const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
  const code = new URL(location).searchParams.get('code');
  return (await gql(subjectUrl, 'mutation($c: String!) { wechatLogin(code: $c) { token } }', { c: code })).wechatLogin
    .token;
}

async function donationCount(url) {
  return (await gql(url, `{ campaign(slug: "${CAMPAIGN}") { donationCount raisedFen } }`)).campaign;
}

async function ledgerMemos(url) {
  const memos = [];
  let total = 0;
  let after = null;
  do {
    const page = (
      await gql(url, 'query($a: Int) { ledger(first: 150, after: $a) { entries { kind memo } nextAfter } }', {
        a: after,
      })
    ).ledger;
    for (const e of page.entries) if (e.kind === 'DONATION') memos.push(e.memo ?? '');
    total += page.entries.length;
    after = page.nextAfter;
  } while (after !== null);
  return { memos, total };
}

async function round(n, wechat) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `shanchou-chaos-${n}-`));
  // The merchant keys the stand-in knows (generated under its DATA_DIR) are the API's too.
  copyFileSync(path.join(wechat.dataDir, 'wechatpay-dev-keys.json'), path.join(dataDir, 'wechatpay-dev-keys.json'));
  const result = { round: n };
  let subject = startSubject(port, dataDir, wechat.url);
  try {
    result.firstStartMs = await subject.ready;
    const campaignId = (await gql(subject.url, `{ campaign(slug: "${CAMPAIGN}") { id } }`)).campaign.id;
    const orders = [];
    for (let d = 0; orders.length < ORDERS; d++) {
      const token = await donorToken(wechat, subject.url, `oChaos-${n}-${d}`);
      for (let i = 0; i < PER_DONOR && orders.length < ORDERS; i++) {
        const amountFen = 500 + orders.length;
        const created = await gql(
          subject.url,
          'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
          { input: { campaignId, amountFen } },
          token,
        );
        orders.push({ receiptNo: created.createDonation.donation.receiptNo, amountFen, token });
      }
    }
    const before = await donationCount(subject.url);
    const paid = orders.filter((_, i) => i % 3 !== 2);
    const paying = paid.map((o) =>
      fetch(`${wechat.url}/wechat-sim/_sim/transactions/${o.receiptNo}/pay`, { method: 'POST' }),
    );
    // WeChat's side, in this process: the kill comes as soon as one notification was answered.
    const answered = () =>
      wechat.store.notifications.filter((x) => x.delivered && paid.some((o) => o.receiptNo === x.outTradeNo)).length;
    try {
      await waitFor('a first notification answered', () => answered() > 0, 30_000, 1);
    } catch (err) {
      result.note = String(err);
    }
    await subject.kill('SIGKILL');
    await Promise.all(paying);
    result.killedAt = `${answered()}/${paid.length}`;

    // Started again on the same DATA_DIR and port.
    subject = startSubject(port, dataDir, wechat.url);
    try {
      result.restartMs = await subject.ready;
      result.cameBack = true;
    } catch (err) {
      result.cameBack = false;
      result.note = `${err}`.slice(0, 300);
      return result;
    }
    const expected = (o) => (wechat.store.orders.get(o.receiptNo)?.tradeState === 'SUCCESS' ? 'PAID' : 'CLOSED');
    const statusOf = async (o) =>
      (await gql(subject.url, 'query($r: String!) { donation(receiptNo: $r) { status } }', { r: o.receiptNo }, o.token))
        .donation?.status ?? 'MISSING';
    const mismatched = async () => {
      const out = [];
      for (const o of orders) {
        const status = await statusOf(o);
        if (status !== expected(o)) out.push(`${o.receiptNo}: WeChat ${expected(o)}, here ${status}`);
      }
      return out;
    };
    let left = [];
    try {
      await waitFor(
        'every order to agree with WeChat',
        async () => {
          left = await mismatched();
          return left.length === 0;
        },
        (PAYMENT_WINDOW_SECONDS + 40) * 1000,
      );
    } catch {
      // reported below
    }
    result.agree = `${orders.length - left.length}/${orders.length}`;
    result.mismatches = left;
    const { memos, total } = await ledgerMemos(subject.url);
    const perOrder = paid.map((o) => memos.filter((m) => m.endsWith(` ${o.receiptNo}`)).length);
    result.creditedTwice = perOrder.filter((c) => c > 1).length;
    result.notCredited = perOrder.filter((c) => c === 0).length;
    const after = await donationCount(subject.url);
    result.totalsAgree =
      after.donationCount - before.donationCount === paid.length &&
      after.raisedFen - before.raisedFen === paid.reduce((s, o) => s + o.amountFen, 0);
    await waitFor(
      'a tree head over every entry',
      async () => (await gql(subject.url, '{ ledgerTreeHead { treeSize } }')).ledgerTreeHead.treeSize >= total,
      10_000,
    ).catch(() => (result.note = 'no tree head over every entry within 10 s'));
    const report = await verifyLedger(subject.url);
    result.ledgerVerified = report.ok;
    result.ledgerProblems = report.problems.slice(0, 3);
    result.retried = wechat.store.notifications.filter(
      (x) => paid.some((o) => o.receiptNo === x.outTradeNo) && x.deliveries.length > 1,
    ).length;
    return result;
  } catch (err) {
    result.note = `${err}`.slice(0, 300);
    return result;
  } finally {
    await subject.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const wechat = await startWechat();
const results = [];
try {
  for (let n = 1; n <= ROUNDS; n++) {
    const r = await round(n, wechat);
    results.push(r);
    if (!values.json) process.stderr.write(`round ${n}: ${JSON.stringify(r)}\n`);
  }
} finally {
  await wechat.app.close();
  rmSync(wechat.dataDir, { recursive: true, force: true });
}

if (values.json) {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} else {
  const rows = results.map(
    (r) =>
      `| ${r.round} | ${r.killedAt ?? '—'} | ${r.cameBack === undefined ? '—' : r.cameBack ? `yes, ${((r.restartMs ?? 0) / 1000).toFixed(1)} s` : 'no'} | ${r.agree ?? '—'} | ${r.creditedTwice ?? '—'} | ${r.notCredited ?? '—'} | ${r.totalsAgree === undefined ? '—' : r.totalsAgree ? 'yes' : 'no'} | ${r.ledgerVerified === undefined ? '—' : r.ledgerVerified ? 'yes' : `no: ${r.ledgerProblems.join('; ')}`} | ${r.retried ?? '—'} | ${r.note ?? ''} |`,
  );
  process.stdout.write(
    [
      `embedded mode (PGlite) killed with -9 mid-credit: ${ROUNDS} rounds, ${ORDERS} orders each, two thirds paid at once`,
      '',
      '| round | notifications answered at the kill | came back | orders as WeChat has them | credited twice | paid, never credited | totals | ledger verified | notifications retried | note |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}
const bad = results.some(
  (r) => !r.cameBack || r.mismatches?.length || r.creditedTwice || r.notCredited || !r.ledgerVerified,
);
process.exit(bad ? 1 : 0);
