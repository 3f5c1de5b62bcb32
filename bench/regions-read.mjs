#!/usr/bin/env node
// Read load on the public region tree: the `regions` GraphQL query, POSTed over keep-alive
// connections from N concurrent loops for a fixed time. Plain Node (>= 20), no dependencies.
//
//   node bench/regions-read.mjs [--url http://localhost:3000] [--connections 20] [--duration 10] [--json]
//
// Load goes to loopback only: every other host is refused.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { benchOptions, percentile, round, send } from './lib/loopback.mjs';

const QUERY = '{ regions { code name children { code name node { name kind } } } }';
const MAX_DURATION_S = 60;
const MAX_CONNECTIONS = 1000;

const USAGE = `usage: node bench/regions-read.mjs [options]

  --url <url>            server to load, loopback only (default http://localhost:3000)
  --connections <n>      concurrent keep-alive connections, 1-${MAX_CONNECTIONS} (default 20)
  --duration <seconds>   how long to send requests, capped at ${MAX_DURATION_S} (default 10)
  --json                 print the figures as one JSON object
  --help`;

function fail(message) {
  console.error(`regions-read: ${message}`);
  process.exit(2);
}

function parseOptions() {
  const { values, target, durationMs, int } = benchOptions({
    script: 'regions-read',
    usage: USAGE,
    defaultDurationS: 10,
    maxDurationS: MAX_DURATION_S,
    options: { connections: { type: 'string', default: '20' } },
  });
  const connections = int('connections');
  if (connections > MAX_CONNECTIONS) fail(`--connections is at most ${MAX_CONNECTIONS}`);
  return {
    url: target.url,
    target,
    connections,
    durationMs,
    json: values.json,
  };
}

const BODY = Buffer.from(JSON.stringify({ query: QUERY }));

const post = (agent, target) =>
  send(agent, target, {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: BODY,
  });

const ERRORS_MARK = Buffer.from('"errors"');

async function main() {
  const opts = parseOptions();
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });

  // One request first: is the server there, and does the query return data?
  let probe;
  try {
    probe = await post(agent, opts.target);
  } catch (err) {
    fail(`cannot reach ${opts.url.origin}${opts.target.basePath}/graphql: ${err.code ?? ''} ${err.message}`.trim());
  }
  let regions;
  try {
    const parsed = JSON.parse(probe.body.toString('utf8'));
    if (parsed.errors) fail(`the query fails: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
    regions = parsed.data?.regions;
    if (!Array.isArray(regions)) throw new Error('no data.regions array');
  } catch (err) {
    fail(`unexpected answer (HTTP ${probe.status}): ${probe.body.toString('utf8').slice(0, 300)} (${err.message})`);
  }
  if (probe.status !== 200) fail(`HTTP ${probe.status} for the probe request`);
  const children = regions.reduce((n, r) => n + (r.children?.length ?? 0), 0);
  if (!opts.json) {
    console.log(
      `regions query answers ${regions.length} region(s) with ${children} child region(s), ${probe.body.length} bytes`,
    );
    if (regions.length === 0) console.log('warning: the region tree is empty (is the demo seed loaded?)');
    console.log(
      `loading ${opts.url.origin}${opts.target.basePath}/graphql with ${opts.connections} connection(s) for ${opts.durationMs / 1000} s ...`,
    );
  }

  const latencies = [];
  let transportErrors = 0;
  let nonOk = 0;
  let graphqlErrors = 0;
  const statuses = new Map();
  const errorKinds = new Map();

  const started = performance.now();
  const deadline = started + opts.durationMs;

  async function loop() {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const { status, body } = await post(agent, opts.target);
        latencies.push(performance.now() - t0);
        if (status !== 200) {
          nonOk += 1;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        } else if (body.includes(ERRORS_MARK)) {
          graphqlErrors += 1;
        }
      } catch (err) {
        transportErrors += 1;
        const kind = err.code ?? err.message;
        errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
        // Do not spin on a refused connection.
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, loop));
  const elapsedS = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const result = {
    url: `${opts.url.origin}${opts.target.basePath}/graphql`,
    connections: opts.connections,
    durationS: round(elapsedS),
    requests: latencies.length + transportErrors,
    responses: latencies.length,
    requestsPerSecond: round(latencies.length / elapsedS),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1]),
    },
    errors: transportErrors,
    non200: nonOk,
    graphqlErrors,
    statuses: Object.fromEntries(statuses),
    errorKinds: Object.fromEntries(errorKinds),
  };

  if (opts.json) {
    console.log(JSON.stringify(result));
  } else {
    const ms = (x) => (x === null ? '-' : `${x.toFixed(2)} ms`);
    console.log(`
requests/s     ${result.requestsPerSecond}   (${result.responses} responses in ${result.durationS} s)
latency p50    ${ms(result.latencyMs.p50)}
latency p95    ${ms(result.latencyMs.p95)}
latency p99    ${ms(result.latencyMs.p99)}
latency max    ${ms(result.latencyMs.max)}
errors         ${result.errors}${errorKinds.size ? `   ${JSON.stringify(result.errorKinds)}` : ''}
non-200        ${result.non200}${statuses.size ? `   ${JSON.stringify(result.statuses)}` : ''}
graphql errors ${result.graphqlErrors}   (HTTP 200 carrying "errors")`);
  }
  process.exitCode = transportErrors + nonOk + graphqlErrors > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
