// Shared by the bench scripts: they send load to loopback addresses only, and measure.
import dns from 'node:dns';
import http from 'node:http';
import { parseArgs } from 'node:util';
import net from 'node:net';

export const REQUEST_TIMEOUT_MS = 10_000;

export function isLoopbackIp(address) {
  if (net.isIPv4(address)) return address.split('.')[0] === '127';
  if (net.isIPv6(address)) {
    const a = address.toLowerCase();
    return a === '::1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a);
  }
  return false;
}

/** localhost, 127.x.x.x or [::1]; WHATWG URL has already normalised forms like 127.1 or 0x7f000001. */
export function isLoopbackHost(hostname) {
  if (hostname === 'localhost') return true;
  if (hostname === '[::1]') return true;
  return net.isIPv4(hostname) && hostname.split('.')[0] === '127';
}

/** DNS lookup that refuses any answer outside loopback (a hosts file could map localhost elsewhere). */
export function loopbackLookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  dns.lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err);
    const answers = Array.isArray(address) ? address : [{ address, family }];
    const outside = answers.find((a) => !isLoopbackIp(a.address));
    if (outside) {
      const refused = new Error(
        `${hostname} resolves to ${outside.address}, which is not loopback: refusing to send load`,
      );
      refused.code = 'ENOTLOOPBACK';
      return callback(refused);
    }
    return callback(null, address, family);
  });
}

/** A loopback http:// base URL as the scripts take it, or a message saying what is wrong. */
export function loopbackTarget(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return { error: `--url is not a URL: "${text}"` };
  }
  if (url.protocol !== 'http:') return { error: `--url must be http:// (got ${url.protocol}//)` };
  if (!isLoopbackHost(url.hostname))
    return { error: `refusing to load ${url.hostname}: only localhost, 127.x.x.x and [::1] are allowed` };
  return {
    url,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 80,
    basePath: url.pathname.replace(/\/+$/, ''),
  };
}

/** One request; resolves with status, headers and body, rejects on a transport error or time-out. */
export function send(agent, target, { method = 'GET', path, headers = {}, body }) {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        lookup: loopbackLookup,
        hostname: target.hostname,
        port: target.port,
        path: `${target.basePath}${path}`,
        method,
        headers: payload ? { ...headers, 'content-length': payload.length } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const round = (x) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

export function positiveInt(name, text, fail) {
  if (!/^\d+$/.test(text) || Number(text) < 1) fail(`--${name} must be a whole number above 0, got "${text}"`);
  return Number(text);
}

/**
 * The options every bench script takes (--url, --duration, --json, --help) and its own:
 * parsed, checked, with the URL held to loopback and the duration capped. Exits 2 on bad input.
 */
export function benchOptions({ script, usage, options, defaultDurationS, maxDurationS }) {
  const fail = (message) => {
    console.error(`${script}: ${message}`);
    process.exit(2);
  };
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string', default: 'http://localhost:3000' },
        duration: { type: 'string', default: String(defaultDurationS) },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        ...options,
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${err.message}\n${usage}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const target = loopbackTarget(values.url);
  if (target.error) fail(target.error);
  let duration = positiveInt('duration', values.duration, fail);
  if (duration > maxDurationS) {
    console.error(`${script}: --duration capped at ${maxDurationS} s (asked for ${duration})`);
    duration = maxDurationS;
  }
  return { values, target, durationMs: duration * 1000, fail, int: (name) => positiveInt(name, values[name], fail) };
}
