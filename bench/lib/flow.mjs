// Shared by bench:donations, bench:notify and bench:scale-out: the donor's side of a gift (signed in
// through the stand-in's OAuth page, createDonation, the wait for PAID), an open-loop scheduler and
// the machine a figure was taken on.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile, round, send } from './loopback.mjs';

/** The app's per-donor checkout limit (CHECKOUT_POLICY.perDonor); a bench keeps each donor under it. */
export const CHECKOUTS_PER_DONOR_MINUTE = 10;
/** Donors needed so that round-robin at `rate` flows/s stays under that limit in any 61 s (with a margin). */
export const donorsFor = (rate) => Math.ceil((rate * 61 * 1.15) / CHECKOUTS_PER_DONOR_MINUTE) + 20;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class FlowError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/**
 * GraphQL and the stand-in as a donor's phone reaches them. `target` is the app (or one replica),
 * `wechat` the stand-in's base (…/wechat-sim), both loopback targets from loopbackTarget().
 */
export function donorClient({ agent, wechat, appid, run }) {
  async function graphql(target, query, variables, donor) {
    const res = await send(agent, target, {
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
      throw new FlowError(`HTTP ${res.status}`, `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
    }
    if (parsed.errors?.length) {
      const code = parsed.errors[0].extensions?.code ?? 'ERROR';
      throw new FlowError(code, `${code}: ${parsed.errors[0].message}`);
    }
    if (res.status !== 200)
      throw new FlowError(`HTTP ${res.status}`, `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`);
    return parsed.data;
  }

  /** A donor signed in as the H5 page does it: the stand-in's authorize page, then wechatLogin at `target`. */
  async function signIn(target, i) {
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const query = new URLSearchParams({
      appid,
      redirect_uri: `${target.url.origin}/h5/`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'bench',
      openid: `oBench-${run}-${i}`,
    });
    const res = await send(agent, wechat, {
      path: `/connect/oauth2/authorize?${query}`,
      headers: { 'x-forwarded-for': address },
    });
    const code = res.headers.location && new URL(res.headers.location).searchParams.get('code');
    if (res.status !== 302 || !code)
      throw new Error(
        `the stand-in's authorize page answered ${res.status}: is it running (and NODE_ENV not production)?`,
      );
    const data = await graphql(
      target,
      'mutation($c: String!) { wechatLogin(code: $c) { token } }',
      { c: code },
      { address },
    );
    return { index: i, token: data.wechatLogin.token, address, target, checkouts: [] };
  }

  /** Signs in `count` donors, 20 at a time, spread over `targets` round-robin. */
  async function signInMany(targets, count, offset = 0) {
    const donors = [];
    for (let i = 0; i < count; i += 20) {
      const batch = Array.from({ length: Math.min(20, count - i) }, (_, k) =>
        signIn(targets[(i + k) % targets.length], offset + i + k),
      );
      donors.push(...(await Promise.all(batch)));
    }
    return donors;
  }

  async function createDonation(donor, campaignId, amountFen) {
    const data = await graphql(
      donor.target,
      'mutation($i: CreateDonationInput!) { createDonation(input: $i) { donation { id receiptNo } } }',
      { i: { campaignId, amountFen } },
      donor,
    );
    return data.createDonation.donation;
  }

  /** The user pays at the stand-in's pay control; WeChat's signed notification goes to the app's notify_url. */
  async function pay(receiptNo) {
    const paid = await send(agent, wechat, { method: 'POST', path: `/_sim/transactions/${receiptNo}/pay` });
    const answer = paid.status === 200 ? JSON.parse(paid.body.toString('utf8')) : null;
    if (answer?.trade_state !== 'SUCCESS')
      throw new FlowError(
        'PAY',
        `the stand-in's pay answered ${paid.status} ${paid.body.toString('utf8').slice(0, 120)}`,
      );
  }

  async function status(donor, receiptNo) {
    const seen = await graphql(
      donor.target,
      'query($r: String!) { donation(receiptNo: $r) { status } }',
      { r: receiptNo },
      donor,
    );
    return seen.donation?.status ?? null;
  }

  return { graphql, signIn, signInMany, createDonation, pay, status };
}

/**
 * How a bench waits for PAID. `poll`: the donation query every `pollMs`; `h5`: as the H5 result
 * page polls (at once, then after 1 s, ×1.5 up to 5 s); `long`: the server's long poll at
 * `longPollPath` (GET, `:receiptNo` replaced), asked again until PAID.
 */
export function paidWaiter({ client, agent, mode, pollMs = 25, longPollPath }) {
  return async function waitPaid(donor, receiptNo, deadline) {
    let delay = mode === 'h5' ? 1000 : pollMs;
    for (;;) {
      if (mode === 'long') {
        const res = await send(agent, donor.target, {
          path: longPollPath.replace(':receiptNo', encodeURIComponent(receiptNo)),
          headers: { authorization: `Bearer ${donor.token}`, 'x-forwarded-for': donor.address },
        });
        if (res.status !== 200)
          throw new FlowError(
            `WAIT ${res.status}`,
            `the long poll answered ${res.status}: ${res.body.toString('utf8').slice(0, 120)}`,
          );
        if (/"PAID"/.test(res.body.toString('utf8'))) return;
      } else if ((await client.status(donor, receiptNo)) === 'PAID') return;
      if (performance.now() > deadline) throw new FlowError('NOT_PAID', `${receiptNo} not PAID in time`);
      if (mode !== 'long') {
        await sleep(delay);
        if (mode === 'h5') delay = Math.min(delay * 1.5, 5000);
      }
    }
  };
}

/**
 * Open loop: start `run(i, scheduledAt)` at fixed times (one every 1/rate s) for `durationMs`, never
 * waiting for earlier ones, and settle them all. A caller measures from `scheduledAt`, so a start
 * the generator could not make on time is counted against the system (no coordinated omission);
 * `lateStartsMs` says how far behind the generator itself fell.
 */
export async function openLoop({ rate, durationMs, run }) {
  const count = Math.max(1, Math.round((rate * durationMs) / 1000));
  const started = performance.now() + 20;
  const flows = [];
  let lateMax = 0;
  for (let i = 0; i < count; i++) {
    const at = started + (i * 1000) / rate;
    const ahead = at - performance.now();
    if (ahead > 1) await sleep(ahead);
    lateMax = Math.max(lateMax, performance.now() - at);
    // Settled at once: a flow that fails while later ones are still being started is not unhandled.
    flows.push(
      run(i, at).then(
        (value) => ({ status: 'fulfilled', value }),
        (reason) => ({ status: 'rejected', reason }),
      ),
    );
  }
  const outcomes = await Promise.all(flows);
  return { outcomes, started, count, lateStartMaxMs: round(lateMax) };
}

/** p50/p95/p99/max of a list of milliseconds. */
export function latencySummary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

/** Failures by kind, from settled outcomes. */
export function failureCounts(outcomes) {
  const failures = {};
  for (const o of outcomes) {
    if (o.status === 'fulfilled') continue;
    const kind = o.reason?.kind ?? o.reason?.code ?? String(o.reason?.message ?? o.reason);
    failures[kind] = (failures[kind] ?? 0) + 1;
  }
  return failures;
}

/** CPU ticks of every process now (Linux /proc), to see what ran during a window. */
export function cpuSnapshot() {
  const at = performance.now();
  const procs = new Map();
  let total = 0;
  let steal = 0;
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    total = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - (cpu[3] ?? 0) - (cpu[4] ?? 0);
    steal = cpu[7] ?? 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        procs.set(pid, Number(fields[11]) + Number(fields[12]));
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // not Linux: no per-process figures
  }
  return { at, procs, total, steal };
}

/** Servers whose CPU machine() also sums over all their processes, by /proc/<pid>/comm. */
const SERVICE_COMMANDS = ['postgres', 'redis-server'];

function nameOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

function commandOf(pid) {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const shown = argv.map((a) => a.replace(/^.*\/(?=[^/]+$)/, '')).join(' ');
    return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  } catch {
    return '?';
  }
}

/**
 * The machine, and what used its CPU since `snapshot` (per process, in % of one core; `own` names
 * the processes under test), so every figure is printed with what else ran beside it.
 */
export function machine(snapshot, own = {}) {
  const cpus = os.cpus();
  const now = cpuSnapshot();
  const seconds = (now.at - snapshot.at) / 1000;
  const ticks = 100; // USER_HZ
  const names = new Map(Object.entries(own).map(([name, pid]) => [String(pid), name]));
  names.set(String(process.pid), 'bench');
  const rows = [];
  for (const [pid, t] of now.procs) {
    const used = (t - (snapshot.procs.get(pid) ?? t)) / ticks / seconds;
    if (used >= 0.03) rows.push({ pid, name: names.get(pid), percent: Math.round(used * 100) });
  }
  rows.sort((a, b) => b.percent - a.percent);
  // The shared servers a flow goes through, all their processes together (PostgreSQL runs a backend per connection).
  const services = Object.fromEntries(SERVICE_COMMANDS.map((name) => [name, 0]));
  for (const [pid, t] of now.procs) {
    const used = (t - (snapshot.procs.get(pid) ?? t)) / ticks / seconds;
    if (used <= 0) continue;
    const name = nameOf(pid);
    if (name in services) services[name] += used * 100;
  }
  const ours = rows.filter((r) => r.name);
  const oursTotal = ours.reduce((a, r) => a + r.percent, 0);
  const others = rows
    .filter((r) => !r.name)
    .slice(0, 8)
    .map((r) => `${commandOf(r.pid)} (${r.pid}) ${r.percent}%`);
  const busy = seconds > 0 ? Math.round(((now.total - snapshot.total) / ticks / seconds) * 100) : null;
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    windowS: round(seconds),
    machineBusyPercent: busy,
    stealPercent: seconds > 0 ? Math.round(((now.steal - snapshot.steal) / ticks / seconds) * 100) : null,
    ours: ours.map((r) => `${r.name} ${r.percent}%`),
    oursPercent: oursTotal,
    // Other sessions on the same cores may run where /proc does not show them: the rest of the machine's busy time.
    othersPercent: busy === null ? null : Math.max(0, busy - oursTotal),
    othersSeen: others,
    /** % of one core used by every process of these servers (ours or another session's), rounded. */
    services: Object.fromEntries(Object.entries(services).map(([name, p]) => [name, Math.round(p)])),
    loadAverage: os.loadavg().map(round),
  };
}

export function machineLine(m) {
  return `machine: ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}; over ${m.windowS} s the cores were busy ${m.machineBusyPercent}% of one core (steal ${m.stealPercent}%, load ${m.loadAverage.join(' ')})
  ours ${m.oursPercent}%: ${m.ours.join(', ') || '-'}
  everything else ${m.othersPercent}%${m.othersSeen.length ? `, of which seen: ${m.othersSeen.join(', ')}` : ' (other sessions on these cores)'}${
    m.services
      ? `
  servers (all their processes, whoever sent the work): ${Object.entries(m.services)
    .map(([name, p]) => `${name} ${p}%`)
    .join(', ')}`
      : ''
  }`;
}
