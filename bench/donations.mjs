#!/usr/bin/env node
// The whole donation flow under load, against a running app: a donor's createDonation, the
// payment at the WeChat stand-in, its signed notification to /wechatpay/notify, and the gift
// seen PAID. Prints completed donations per second and end-to-end latency. Plain Node (>= 20).
//
//   node bench/donations.mjs [--url http://localhost:3000] [--concurrency 16] [--duration 20] [--donors 600] [--json]
//
// The app must serve the stand-in (NODE_ENV development or test) and believe the bench's
// X-Forwarded-For (TRUST_PROXY=127.0.0.1), as it would believe nginx: each simulated donor
// comes from its own address, so the per-address limits apply per donor as in real life.
// Load goes to loopback only: every other host is refused.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { benchOptions, percentile, round, send } from './lib/loopback.mjs';

const MAX_DURATION_S = 120;
const PAID_TIMEOUT_MS = 30_000;
const POLL_MS = 25;
/** The app's per-donor checkout limit (CHECKOUT_POLICY.perDonor): the bench keeps each donor under it. */
const CHECKOUTS_PER_DONOR_MINUTE = 10;

const USAGE = `usage: node bench/donations.mjs [options]

  --url <url>            the running app, loopback only (default http://localhost:3000)
  --concurrency <n>      donations in flight at once (default 16)
  --duration <seconds>   how long to start new donations, capped at ${MAX_DURATION_S} (default 20)
  --donors <n>           simulated WeChat donors, signed in first (default 600)
  --campaign <slug>      campaign to give to (default cixin-yiri-juan-2026, from the demo seed)
  --amount <fen>         amount of each gift in fen (default 1000)
  --appid <id>           the app's WECHAT_APP_ID (default wxshanchoudemo01)
  --json                 print the figures as one JSON object
  --help`;

function parseOptions() {
  const { values, target, durationMs, int } = benchOptions({
    script: 'donations',
    usage: USAGE,
    defaultDurationS: 20,
    maxDurationS: MAX_DURATION_S,
    options: {
      concurrency: { type: 'string', default: '16' },
      donors: { type: 'string', default: '600' },
      campaign: { type: 'string', default: 'cixin-yiri-juan-2026' },
      amount: { type: 'string', default: '1000' },
      appid: { type: 'string', default: 'wxshanchoudemo01' },
    },
  });
  return {
    target,
    concurrency: int('concurrency'),
    durationMs,
    donors: int('donors'),
    campaign: values.campaign,
    amountFen: int('amount'),
    appid: values.appid,
    json: values.json,
  };
}

function fail(message) {
  console.error(`donations: ${message}`);
  process.exit(2);
}

function main() {
  const opts = parseOptions();
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency * 2 + 4 });
  const run = Date.now().toString(36);

  async function graphql(query, variables, donor) {
    const res = await send(agent, opts.target, {
      method: 'POST',
      path: '/graphql',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': donor.address,
        ...(donor.token ? { authorization: `Bearer ${donor.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    let parsed;
    try {
      parsed = JSON.parse(res.body.toString('utf8'));
    } catch {
      throw Object.assign(new Error(`HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`), {
        kind: `HTTP ${res.status}`,
      });
    }
    if (res.status !== 200 && !parsed.errors?.length) {
      throw Object.assign(new Error(`HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`), {
        kind: `HTTP ${res.status}`,
      });
    }
    if (parsed.errors?.length) {
      const code = parsed.errors[0].extensions?.code ?? 'ERROR';
      throw Object.assign(new Error(`${code}: ${parsed.errors[0].message}`), { kind: code });
    }
    return parsed.data;
  }

  /** Signs a simulated donor in as the H5 page does: the stand-in's authorize page, then wechatLogin. */
  async function signIn(i) {
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const query = new URLSearchParams({
      appid: opts.appid,
      redirect_uri: `${opts.target.url.origin}/h5/`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'bench',
      openid: `oBench-${run}-${i}`,
    });
    const res = await send(agent, opts.target, {
      path: `/wechat-sim/connect/oauth2/authorize?${query}`,
      headers: { 'x-forwarded-for': address },
    });
    const code = res.headers.location && new URL(res.headers.location).searchParams.get('code');
    if (res.status !== 302 || !code)
      throw new Error(`the stand-in's authorize page answered ${res.status}: is NODE_ENV production?`);
    const data = await graphql('mutation($c: String!) { wechatLogin(code: $c) { token } }', { c: code }, { address });
    return { token: data.wechatLogin.token, address, checkouts: [] };
  }

  async function setUp() {
    const health = await send(agent, opts.target, { path: '/health' }).catch((err) =>
      fail(`cannot reach ${opts.target.url.origin}: ${err.code ?? ''} ${err.message}`.trim()),
    );
    if (health.status !== 200) fail(`/health answered ${health.status}`);
    const info = JSON.parse(health.body.toString('utf8'));
    const found = await graphql(
      'query($s: String!) { campaign(slug: $s) { id status } }',
      { s: opts.campaign },
      { address: '10.255.255.254' },
    );
    if (!found.campaign)
      fail(`no campaign "${opts.campaign}": load the demo seed (npm run seed:demo) or pass --campaign`);
    if (found.campaign.status !== 'ACTIVE') fail(`campaign ${opts.campaign} is ${found.campaign.status}`);
    const donors = [];
    for (let i = 0; i < opts.donors; i += 20) {
      const batch = Array.from({ length: Math.min(20, opts.donors - i) }, (_, k) => signIn(i + k));
      donors.push(...(await Promise.all(batch)));
    }
    return { info, campaignId: found.campaign.id, donors };
  }

  /** The next donor under the app's per-donor limit, or null when every one has used it up. */
  function nextDonor(donors, cursor) {
    const now = performance.now();
    for (let k = 0; k < donors.length; k++) {
      const donor = donors[(cursor.at + k) % donors.length];
      donor.checkouts = donor.checkouts.filter((t) => now - t < 61_000);
      if (donor.checkouts.length < CHECKOUTS_PER_DONOR_MINUTE) {
        cursor.at = (cursor.at + k + 1) % donors.length;
        donor.checkouts.push(now);
        return donor;
      }
    }
    return null;
  }

  async function donate(donor, campaignId) {
    const t0 = performance.now();
    const data = await graphql(
      'mutation($i: CreateDonationInput!) { createDonation(input: $i) { donation { receiptNo } } }',
      { i: { campaignId, amountFen: opts.amountFen } },
      donor,
    );
    const checkoutMs = performance.now() - t0;
    const receiptNo = data.createDonation.donation.receiptNo;
    const paid = await send(agent, opts.target, {
      method: 'POST',
      path: `/wechat-sim/_sim/transactions/${receiptNo}/pay`,
    });
    if (paid.status !== 200)
      throw Object.assign(new Error(`the stand-in's pay answered ${paid.status}`), { kind: 'PAY' });
    for (;;) {
      const seen = await graphql('query($r: String!) { donation(receiptNo: $r) { status } }', { r: receiptNo }, donor);
      if (seen.donation?.status === 'PAID') return { totalMs: performance.now() - t0, checkoutMs };
      if (performance.now() - t0 > PAID_TIMEOUT_MS)
        throw Object.assign(new Error(`${receiptNo} not PAID after ${PAID_TIMEOUT_MS} ms`), { kind: 'NOT_PAID' });
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  return (async () => {
    const setUpStarted = performance.now();
    const { info, campaignId, donors } = await setUp();
    if (!opts.json) {
      console.log(
        `${donors.length} donors signed in in ${Math.round(performance.now() - setUpStarted)} ms; server: database ${info.databaseKind ?? '?'}, redis ${info.redis ?? '?'}`,
      );
      console.log(
        `giving ${opts.amountFen} fen to ${opts.campaign} with ${opts.concurrency} in flight for ${opts.durationMs / 1000} s ...`,
      );
    }
    const totals = [];
    const checkouts = [];
    const failures = new Map();
    let donorsExhausted = 0;
    const cursor = { at: 0 };
    const started = performance.now();
    const deadline = started + opts.durationMs;
    async function loop() {
      while (performance.now() < deadline) {
        const donor = nextDonor(donors, cursor);
        if (!donor) {
          donorsExhausted++;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        try {
          const { totalMs, checkoutMs } = await donate(donor, campaignId);
          totals.push(totalMs);
          checkouts.push(checkoutMs);
        } catch (err) {
          const kind = err.kind ?? err.code ?? err.message;
          failures.set(kind, (failures.get(kind) ?? 0) + 1);
        }
      }
    }
    await Promise.all(Array.from({ length: opts.concurrency }, loop));
    const elapsedS = (performance.now() - started) / 1000;
    agent.destroy();
    totals.sort((a, b) => a - b);
    checkouts.sort((a, b) => a - b);
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const result = {
      url: opts.target.url.origin,
      database: info.databaseKind ?? null,
      redis: info.redis ?? null,
      concurrency: opts.concurrency,
      donors: donors.length,
      durationS: round(elapsedS),
      completed: totals.length,
      failed,
      failures: Object.fromEntries(failures),
      completedPerSecond: round(totals.length / elapsedS),
      paidLatencyMs: {
        p50: round(percentile(totals, 50)),
        p95: round(percentile(totals, 95)),
        p99: round(percentile(totals, 99)),
        max: round(totals[totals.length - 1]),
      },
      checkoutLatencyMs: { p50: round(percentile(checkouts, 50)), p99: round(percentile(checkouts, 99)) },
      donorsExhausted,
    };
    if (opts.json) console.log(JSON.stringify(result));
    else {
      console.log(`completed ${result.completed} donations in ${result.durationS} s: ${result.completedPerSecond}/s
createDonation → PAID  p50 ${result.paidLatencyMs.p50} ms  p95 ${result.paidLatencyMs.p95} ms  p99 ${result.paidLatencyMs.p99} ms  max ${result.paidLatencyMs.max} ms
createDonation alone   p50 ${result.checkoutLatencyMs.p50} ms  p99 ${result.checkoutLatencyMs.p99} ms
failed ${failed}${failed ? ` ${JSON.stringify(result.failures)}` : ''}`);
      if (failures.has('FORBIDDEN'))
        console.log(
          'FORBIDDEN usually means throttling: start the app with TRUST_PROXY=127.0.0.1 so each donor has its own address',
        );
      if (donorsExhausted)
        console.log(`every donor was at its checkout limit ${donorsExhausted} times: use more --donors`);
    }
    process.exitCode = failed > 0 ? 1 : 0;
  })();
}

main().catch((err) => fail(err.stack ?? String(err)));
