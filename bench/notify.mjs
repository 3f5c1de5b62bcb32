#!/usr/bin/env node
// WeChat Pay's payment notifications at a fixed offered rate (open loop), against a running app:
// how many credits a second /wechatpay/notify commits, their latency, and pgbench on the credit's
// own statements in the same database, side by side. Plain Node (>= 20); `pg` (the app's own
// dependency) only when DATABASE_URL is set.
//
//   npm run bench:notify -- [--url http://localhost:3000] [--rate 200] [--duration 10] [--orders N]
//
// Before the timed window: donors sign in, place their orders through createDonation (PENDING, each
// a JSAPI order at the stand-in, which is then told the user paid, without its own notification),
// and every notification is built and signed as WeChat Pay v3 does it, with the stand-in's platform
// key from the app's DATA_DIR (Wechatpay-Signature over `timestamp\nnonce\nbody\n`, the resource
// AEAD_AES_256_GCM under the APIv3 key), so the bench's RSA work is not in the figure. In the window,
// notification i is sent at start + i/rate s whether or not earlier ones were answered, and timed
// from then (no coordinated omission). Afterwards each order is checked PAID exactly once (status,
// one ledger entry each, the campaign's totals) in the database, or by GraphQL when embedded.
// Load goes to loopback only: every other host is refused.
import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createPrivateKey, createSign, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CHECKOUTS_PER_DONOR_MINUTE,
  FlowError,
  cpuSnapshot,
  donorClient,
  failureCounts,
  latencySummary,
  machine,
  machineLine,
  openLoop,
  sleep,
} from './lib/flow.mjs';
import { benchOptions, loopbackTarget, positiveInt, round, send } from './lib/loopback.mjs';

// eslint-disable-next-line no-restricted-syntax -- a bench runs beside the app, not in it: like bench/*.ts it reads the app's DATABASE_URL, DATA_DIR and pool size.
const ENV = process.env;

/** NOTIFY_WINDOW_SECONDS (libs/wechatpay): the app refuses a notification whose timestamp is further off. */
const NOTIFY_WINDOW_S = 300;
/** Signed before the window, sent during it: the last one must still be inside the app's 300 s. */
const MAX_WINDOW_S = 240;
/** Issue 16 item 4: credits at least this share of pgbench's rate on the same statements. */
const TARGET_SHARE = 0.15;

const USAGE = `usage: npm run bench:notify -- [options]

  --url <url>              the running app, loopback only (default http://localhost:3000)
  --wechat-url <url>       the WeChat stand-in's base (default <url>/wechat-sim, the embedded one)
  --rate <n>               notifications offered per second (default 200)
  --duration <seconds>     the window; notifications = rate × duration (default 10, at most ${MAX_WINDOW_S}:
                           they are signed before it and the app accepts a timestamp for ${NOTIFY_WINDOW_S} s)
  --orders <n>             orders placed first and notified in the window (default rate × duration; the
                           window then lasts orders / rate s)
  --campaign <slug>        campaign the orders go to (default cixin-yiri-juan-2026, from the demo seed)
  --amount <fen>           each order's amount (default 1000)
  --appid <id>             the app's WECHAT_APP_ID (default wxshanchoudemo01)
  --data-dir <dir>         the app's DATA_DIR, where wechatpay-dev-keys.json is (default $DATA_DIR or ./.data)
  --pgbench-clients <n>    pgbench's clients, the app's pool by default (default $DATABASE_POOL_SIZE or 10)
  --pgbench-rows <n>       donations in pgbench's copy of the tables (default 100000)
  --own <name=pid,...>     more processes to name in the machine line (the app is found by its port)
  --json                   print the figures as one JSON object
  --help

DATABASE_URL (the app's database) turns on the checks in the database and pgbench; without it the
orders are checked by GraphQL and pgbench is skipped.`;

function parseOptions() {
  const { values, target, durationMs, int, fail } = benchOptions({
    script: 'notify',
    usage: USAGE,
    defaultDurationS: 10,
    maxDurationS: MAX_WINDOW_S,
    options: {
      'wechat-url': { type: 'string' },
      rate: { type: 'string', default: '200' },
      orders: { type: 'string' },
      campaign: { type: 'string', default: 'cixin-yiri-juan-2026' },
      amount: { type: 'string', default: '1000' },
      appid: { type: 'string', default: 'wxshanchoudemo01' },
      'data-dir': { type: 'string', default: ENV.DATA_DIR ?? './.data' },
      'pgbench-clients': { type: 'string', default: ENV.DATABASE_POOL_SIZE ?? '10' },
      'pgbench-rows': { type: 'string', default: '100000' },
      own: { type: 'string', default: '' },
    },
  });
  const wechat = loopbackTarget(values['wechat-url'] ?? `${target.url.origin}${target.basePath}/wechat-sim`);
  if (wechat.error) fail(wechat.error.replace('--url', '--wechat-url'));
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) fail(`--rate must be a positive number, got "${values.rate}"`);
  const orders = values.orders ? int('orders') : Math.max(1, Math.round((rate * durationMs) / 1000));
  if (orders / rate > MAX_WINDOW_S)
    fail(
      `${orders} notifications at ${rate}/s take ${round(orders / rate)} s: at most ${MAX_WINDOW_S} s, since all are signed before the window and the app refuses a timestamp older than ${NOTIFY_WINDOW_S} s`,
    );
  const own = {};
  for (const pair of values.own.split(',').filter(Boolean)) {
    const [name, pid] = pair.split('=');
    if (!name || !/^\d+$/.test(pid ?? '')) fail(`--own takes name=pid pairs, got "${pair}"`);
    own[name] = Number(pid);
  }
  return {
    target,
    wechat,
    rate,
    orders,
    campaign: values.campaign,
    amountFen: int('amount'),
    appid: values.appid,
    dataDir: values['data-dir'],
    pgbenchClients: positiveInt('pgbench-clients', values['pgbench-clients'], fail),
    pgbenchRows: int('pgbench-rows'),
    own,
    json: values.json,
  };
}

/** The development key set the app generated under DATA_DIR and shares with the stand-in (WechatPayKeys.development). */
function readKeys(dataDir) {
  const file = path.join(dataDir, 'wechatpay-dev-keys.json');
  let stored;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new Error(
      `cannot read ${file}: give the app's DATA_DIR (--data-dir); with real WeChat Pay keys configured nothing here can sign as WeChat Pay`,
    );
  }
  return {
    mchid: stored.mchid,
    serial: stored.platformSerial,
    privateKey: createPrivateKey(stored.platformKey),
    apiV3Key: stored.apiV3Key,
  };
}

/** RFC 3339 in Asia/Shanghai, as WeChat Pay writes times (2026-12-03T15:04:05+08:00). */
const shanghai = (at) => new Date(at.getTime() + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

/**
 * TRANSACTION.SUCCESS for one order, as the stand-in writes it (pay-sim.controller.ts notify/send)
 * and WeChat Pay v3 sends it: the resource AEAD_AES_256_GCM under the APIv3 key, the headers signed
 * now with the platform key over `timestamp\nnonce\nbody\n`.
 */
function signedNotification(keys, appid, order, amountFen) {
  const now = new Date();
  const transaction = {
    appid,
    mchid: keys.mchid,
    out_trade_no: order.receiptNo,
    transaction_id: `4200${Date.now()}${randomBytes(3).toString('hex')}`,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    success_time: shanghai(now),
    payer: { openid: order.openid },
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY', payer_currency: 'CNY' },
  };
  const gcmNonce = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key, 'utf8'), Buffer.from(gcmNonce, 'utf8'));
  cipher.setAAD(Buffer.from('transaction', 'utf8'));
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(transaction), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: shanghai(now),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: sealed.toString('base64'),
      associated_data: 'transaction',
      nonce: gcmNonce,
      original_type: 'transaction',
    },
  });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`, 'utf8')
    .sign(keys.privateKey, 'base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-serial': keys.serial,
      'wechatpay-signature': signature,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    },
    signedAtS: Number(timestamp),
  };
}

/** The pid listening on `port` (Linux /proc), so the machine line can name the app; null when not found. */
function listenerPid(port) {
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(`socket:[${f[9]}]`);
      }
    }
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`))
          if (inodes.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // not ours to read, or gone
      }
    }
  } catch {
    // not Linux
  }
  return null;
}

/** Runs `task(i)` for i < count, `width` at a time, in order of i. */
async function pooled(count, width, task) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/**
 * The credit's statements, as creditPayment ran them for one notification on this campaign (no
 * organisation, no open match pool), captured with log_statement = 'all' on a scratch database
 * (2026-12-03, commit cdeabef): DonationService.creditPayment in Transactions.run; since commit
 * "Credit and refund take the campaign's totals row last" the campaign's UPDATE comes last, just
 * before COMMIT, as here. TypeORM sends
 * each as an unnamed extended-protocol statement, hence pgbench -M extended. Differences: the
 * receipt is a random one of the copy's rows (:n), the times are now() and the transaction id
 * and memo are built from it, instead of bound parameters; the three SELECTs list the tables'
 * columns as they are now (TypeORM selects every column of the entity). If the credit path
 * changes, capture it again (bench/README.md).
 */
function creditScript(columns) {
  // TypeORM's find: every column of the entity (= of its table, the migrations being generated from it), aliased so.
  const select = (alias, table) => columns[table].map((c) => `"${alias}"."${c}" AS "${alias}_${c}"`).join(', ');
  return `\\set n random(1, :rows)
START TRANSACTION;
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
SELECT ${select('DonationEntity', 'donation')} FROM "donation" "DonationEntity" WHERE (("DonationEntity"."receipt_no" = :n)) LIMIT 1 FOR UPDATE
\\gset d_
SELECT ${select('CampaignEntity', 'campaign')} FROM "campaign" "CampaignEntity" WHERE (("CampaignEntity"."id" = :d_DonationEntity_campaign_id)) LIMIT 1;
SELECT ${select('p', 'match_pool')} FROM "match_pool" "p" WHERE "p"."campaign_id" = :d_DonationEntity_campaign_id AND "p"."status" = 'ACTIVE' AND "p"."matched_fen" < "p"."total_fen" AND ("p"."ends_at" IS NULL OR "p"."ends_at" > now()) ORDER BY "p"."id" ASC FOR UPDATE;
UPDATE "donation" SET "status" = 'PAID', "paid_at" = now(), "transaction_id" = '4200' || :n, "updated_at" = CURRENT_TIMESTAMP WHERE "id" = :d_DonationEntity_id;
INSERT INTO ledger_pending (kind, amount_fen, quantity, campaign_id, donor, memo, occurred_at, owner, owner_id)
       VALUES ('DONATION', :d_DonationEntity_amount_fen, NULL, :d_DonationEntity_campaign_id, '爱心人士', '2026年慈心一日捐 ' || :d_DonationEntity_receipt_no, now(), 'donation', :d_DonationEntity_id) RETURNING id;
UPDATE campaign SET raised_fen = raised_fen + :d_DonationEntity_amount_fen, donation_count = donation_count + 1, updated_at = now() WHERE id = :d_DonationEntity_campaign_id;
COMMIT;
`;
}

const CREDIT_STATEMENTS = 9;
const TABLES = ['campaign', 'donation', 'match_pool', 'ledger_pending'];

/**
 * pgbench on creditScript() over the bench's own copy of the four tables (same database, a schema of
 * its own, first on pgbench's search_path), dropped afterwards. Returns null when pgbench is not installed.
 */
async function pgbenchCredits(db, databaseUrl, { run, campaignId, templateReceipt, rows, clients, seconds }) {
  const bin = ['pgbench', ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)].find(
    (b) => spawnSync(b, ['--version']).status === 0,
  );
  if (!bin) return null;
  const schema = `notify_pgbench_${run}`;
  await db.query(`CREATE SCHEMA ${schema}`);
  try {
    for (const t of TABLES) await db.query(`CREATE TABLE ${schema}.${t} (LIKE public.${t} INCLUDING ALL)`);
    // Its own sequence: the copy's default would draw on the app's.
    await db.query(`CREATE SEQUENCE ${schema}.ledger_pending_id_seq OWNED BY ${schema}.ledger_pending.id`);
    await db.query(
      `ALTER TABLE ${schema}.ledger_pending ALTER COLUMN id SET DEFAULT nextval('${schema}.ledger_pending_id_seq')`,
    );
    await db.query(`INSERT INTO ${schema}.campaign SELECT * FROM public.campaign WHERE id = $1`, [campaignId]);
    await db.query(`INSERT INTO ${schema}.match_pool SELECT * FROM public.match_pool WHERE campaign_id = $1`, [
      campaignId,
    ]);
    // Copies of one of the bench's orders, PENDING again; receipt n is the text of n, prepay_id a unique stand-in.
    await db.query(
      `INSERT INTO ${schema}.donation
       SELECT (jsonb_populate_record(NULL::${schema}.donation, to_jsonb(d) || jsonb_build_object(
                'id', gen_random_uuid(), 'receipt_no', g::text, 'prepay_id', 'wx-pgbench-' || g, 'status', 'PENDING',
                'paid_at', NULL, 'transaction_id', NULL, 'ledger_seq', NULL))).*
         FROM public.donation d CROSS JOIN generate_series(1, $2::int) g WHERE d.receipt_no = $1`,
      [templateReceipt, rows],
    );
    for (const t of TABLES) await db.query(`ANALYZE ${schema}.${t}`);
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'bench-notify-'));
    const script = path.join(dir, 'credit.sql');
    const { rows: cols } = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name, ordinal_position`,
      [['donation', 'campaign', 'match_pool']],
    );
    const columns = { donation: [], campaign: [], match_pool: [] };
    for (const c of cols) columns[c.table_name].push(c.column_name);
    fs.writeFileSync(script, creditScript(columns));
    // pgbench and its connections are new processes: the CPU is sampled once they are running.
    const child = spawn(
      bin,
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-D',
        `rows=${rows}`,
        '-f',
        script,
        databaseUrl,
      ],
      { env: { ...ENV, PGOPTIONS: `-c search_path=${schema},public` } },
    );
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    const closed = new Promise((resolve) => child.on('close', resolve));
    await sleep(1000);
    const cpu = cpuSnapshot();
    await Promise.race([closed, sleep((seconds - 1.5) * 1000)]);
    const host = machine(cpu, { pgbench: child.pid });
    const code = await closed;
    fs.rmSync(dir, { recursive: true, force: true });
    // A statement that fails aborts its client: then the tps is not the credit's.
    if (code !== 0 || /aborted/.test(out.stderr))
      throw new Error(`pgbench failed (exit ${code}): ${out.stderr || out.stdout}`);
    const tps = /tps = ([\d.]+)/.exec(out.stdout ?? '');
    if (!tps) throw new Error(`pgbench failed: ${out.stderr || out.stdout}`);
    const failed = /number of failed transactions: (\d+)/.exec(out.stdout);
    // Each transaction did the credit's writes: one ledger row each.
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(out.stdout)?.[1] ?? NaN);
    const { rows: written } = await db.query(`SELECT count(*)::int AS entries FROM ${schema}.ledger_pending`);
    if (written[0].entries !== processed)
      throw new Error(`pgbench processed ${processed} transactions but wrote ${written[0].entries} ledger rows`);
    const latency = /latency average = ([\d.]+) ms/.exec(out.stdout);
    return {
      tps: round(Number(tps[1])),
      failed: failed ? Number(failed[1]) : 0,
      latencyAverageMs: latency ? Number(latency[1]) : null,
      clients,
      seconds,
      machine: host,
    };
  } finally {
    await db.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}

/** PAID exactly once, from the database: status, one ledger entry each (pending or integrated), the campaign's totals. */
async function checkInDatabase(db, { campaignId, orders, before, amountFen }) {
  const receipts = orders.map((o) => o.receiptNo);
  const ids = orders.map((o) => o.id);
  // The sequencer moves entries from ledger_pending to ledger_entry meanwhile: wait for it, briefly.
  for (let waited = 0; waited < 10_000; waited += 200) {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ledger_pending WHERE owner = 'donation' AND owner_id = ANY($1::uuid[])`,
      [ids],
    );
    if (rows[0].n === 0) break;
    await sleep(200);
  }
  const { rows: statuses } = await db.query(
    'SELECT status, count(*)::int AS n FROM donation WHERE receipt_no = ANY($1) GROUP BY status',
    [receipts],
  );
  const { rows: entries } = await db.query(
    `SELECT n, count(*)::int AS receipts FROM (
       SELECT substring(memo from '[^ ]+$') AS receipt, count(*)::int AS n FROM (
         SELECT memo FROM ledger_entry WHERE kind = 'DONATION' AND campaign_id = $1
         UNION ALL SELECT memo FROM ledger_pending WHERE kind = 'DONATION' AND campaign_id = $1) e
       GROUP BY 1) r WHERE receipt = ANY($2) GROUP BY n`,
    [campaignId, receipts],
  );
  const after = await totalsInDatabase(db, campaignId);
  const paid = statuses.find((s) => s.status === 'PAID')?.n ?? 0;
  const once = entries.find((e) => e.n === 1)?.receipts ?? 0;
  const gifts = after.donationCount - before.donationCount;
  const fen = after.raisedFen - before.raisedFen;
  return {
    source: 'database',
    orders: orders.length,
    paid,
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    ledgerEntriesPerOrder: Object.fromEntries(entries.map((e) => [String(e.n), e.receipts])),
    campaignGiftsAdded: gifts,
    campaignFenAdded: fen,
    exactlyOnce:
      paid === orders.length &&
      once === orders.length &&
      entries.every((e) => e.n === 1) &&
      gifts === orders.length &&
      fen === orders.length * amountFen,
  };
}

async function totalsInDatabase(db, campaignId) {
  const { rows } = await db.query('SELECT raised_fen, donation_count FROM campaign WHERE id = $1', [campaignId]);
  return { raisedFen: Number(rows[0].raised_fen), donationCount: Number(rows[0].donation_count) };
}

/** Embedded (no DATABASE_URL): each order's status as its donor sees it, and the campaign's totals. */
async function checkByGraphql(client, target, opts, { orders, before }) {
  const statuses = {};
  await pooled(orders.length, 16, async (i) => {
    const s = await client.status(orders[i].donor, orders[i].receiptNo).catch((err) => `ERROR ${err.kind ?? ''}`);
    statuses[s] = (statuses[s] ?? 0) + 1;
  });
  const after = await totalsByGraphql(client, target, opts.campaign);
  const paid = statuses.PAID ?? 0;
  const gifts = after.donationCount - before.donationCount;
  const fen = after.raisedFen - before.raisedFen;
  return {
    source: 'graphql (no DATABASE_URL: ledger entries not counted)',
    orders: orders.length,
    paid,
    statuses,
    campaignGiftsAdded: gifts,
    campaignFenAdded: fen,
    exactlyOnce: paid === orders.length && gifts === orders.length && fen === orders.length * opts.amountFen,
  };
}

async function totalsByGraphql(client, target, slug) {
  const data = await client.graphql(
    target,
    'query($s: String!) { campaign(slug: $s) { id status raisedFen donationCount } }',
    { s: slug },
    { address: '10.255.255.254' },
  );
  if (!data.campaign) throw new Error(`no campaign "${slug}": load the demo seed (npm run seed:demo)`);
  return data.campaign;
}

async function main() {
  const opts = parseOptions();
  const log = opts.json ? () => {} : (line) => console.log(line);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const client = donorClient({ agent, wechat: opts.wechat, appid: opts.appid, run });
  const { target } = opts;

  const health = await send(agent, target, { path: '/health' }).catch((err) => {
    throw new Error(`cannot reach ${target.url.origin}: ${err.code ?? ''} ${err.message}`.trim());
  });
  if (health.status !== 200) throw new Error(`/health answered ${health.status}`);
  const info = JSON.parse(health.body.toString('utf8'));
  const keys = readKeys(opts.dataDir);
  const campaign = await totalsByGraphql(client, target, opts.campaign);
  if (campaign.status !== 'ACTIVE') throw new Error(`campaign ${opts.campaign} is ${campaign.status}`);

  const databaseUrl = ENV.DATABASE_URL;
  let db = null;
  if (databaseUrl) {
    if (info.databaseKind !== 'postgres')
      throw new Error(`DATABASE_URL is set but the app runs on ${info.databaseKind ?? 'an unknown database'}`);
    const { default: pg } = await import('pg');
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT 1 FROM campaign WHERE id = $1', [campaign.id]);
    if (rows.length === 0)
      throw new Error(`DATABASE_URL is not the app's database: campaign ${campaign.id} is not in it`);
  }
  const appPid = listenerPid(target.port);
  const own = { ...(appPid ? { app: appPid } : {}), ...opts.own };

  try {
    // --- before the window: donors, orders, signatures -------------------------------------------
    const setUp = performance.now();
    const donors = await client.signInMany([target], Math.ceil(opts.orders / CHECKOUTS_PER_DONOR_MINUTE));
    const orders = await pooled(opts.orders, 16, async (i) => {
      const donor = donors[Math.floor(i / CHECKOUTS_PER_DONOR_MINUTE)];
      const order = await client.createDonation(donor, campaign.id, opts.amountFen);
      // The user pays at the stand-in; its own notification is withheld: the bench sends it.
      const paid = await send(agent, opts.wechat, {
        method: 'POST',
        path: `/_sim/transactions/${encodeURIComponent(order.receiptNo)}/pay?notify=false`,
      });
      if (paid.status !== 200 || !/"SUCCESS"/.test(paid.body.toString('utf8')))
        throw new Error(`the stand-in's pay answered ${paid.status} ${paid.body.toString('utf8').slice(0, 120)}`);
      return { ...order, donor, openid: `oBench-${run}-${donor.index}` };
    });
    log(
      `${orders.length} orders placed by ${donors.length} donors (createDonation, paid at the stand-in without its notification) in ${Math.round(performance.now() - setUp)} ms; database ${info.databaseKind ?? '?'}, redis ${info.redis ?? '?'}; app pid ${appPid ?? 'not found'}`,
    );
    const before = db ? await totalsInDatabase(db, campaign.id) : await totalsByGraphql(client, target, opts.campaign);

    const signing = performance.now();
    const notes = orders.map((o) => signedNotification(keys, opts.appid, o, opts.amountFen));
    const signingMs = performance.now() - signing;
    const windowS = opts.orders / opts.rate;
    const oldestAtLastS = Date.now() / 1000 - notes[0].signedAtS + windowS;
    if (oldestAtLastS > NOTIFY_WINDOW_S - 10)
      throw new Error(
        `signing took ${Math.round(signingMs)} ms: the first notification would be ${Math.round(oldestAtLastS)} s old when the last is sent (the app allows ${NOTIFY_WINDOW_S} s); use fewer --orders`,
      );
    log(
      `${notes.length} notifications signed (RSA-2048, serial ${keys.serial.slice(0, 8)}…) and encrypted in ${Math.round(signingMs)} ms, before the window; the oldest will be ${Math.round(oldestAtLastS)} s old when the last is sent (the app allows ${NOTIFY_WINDOW_S} s)`,
    );

    // --- the window: open loop, timed from each notification's scheduled start -----------------------
    log(`offering ${opts.rate} notifications/s for ${round(windowS)} s to POST /wechatpay/notify ...`);
    const cpu = cpuSnapshot();
    let lastDone = 0;
    const { outcomes, started, count, lateStartMaxMs } = await openLoop({
      rate: opts.rate,
      durationMs: (opts.orders * 1000) / opts.rate,
      run: async (i, at) => {
        const { headers, body } = notes[i];
        let res;
        try {
          res = await send(agent, target, { method: 'POST', path: '/wechatpay/notify', headers, body });
        } catch (err) {
          throw new FlowError(err.code ?? 'TRANSPORT', err.message);
        }
        if (res.status !== 204) {
          let message = '';
          try {
            message = JSON.parse(res.body.toString('utf8')).message ?? '';
          } catch {
            message = res.body.toString('utf8').slice(0, 60);
          }
          throw new FlowError(`HTTP ${res.status}${message ? ` ${message.slice(0, 80)}` : ''}`, message);
        }
        const done = performance.now();
        lastDone = Math.max(lastDone, done);
        return done - at;
      },
    });
    const host = machine(cpu, own);
    const latencies = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
    const failures = failureCounts(outcomes);
    // From the first scheduled start to the last answer, and never shorter than the window itself.
    const spanS = Math.max((lastDone - started) / 1000, count / opts.rate);
    const latency = latencySummary(latencies);

    // --- afterwards: each order PAID exactly once ----------------------------------------------------
    const check = db
      ? await checkInDatabase(db, { campaignId: campaign.id, orders, before, amountFen: opts.amountFen })
      : await checkByGraphql(client, target, opts, { orders, before });
    // Credited: answered 204 within the window's span and found PAID afterwards.
    const creditedPerSecond = spanS > 0 ? Math.min(latencies.length, check.paid) / spanS : 0;
    log(
      `${opts.rate}/s offered: ${latencies.length}/${count} answered 204 in ${round(spanS)} s, credited ${round(creditedPerSecond)}/s; scheduled start → 204 p50 ${latency.p50} ms  p95 ${latency.p95} ms  p99 ${latency.p99} ms  max ${latency.max} ms; failed ${count - latencies.length}${count > latencies.length ? ` ${JSON.stringify(failures)}` : ''}${lateStartMaxMs > 50 ? `; the generator started up to ${lateStartMaxMs} ms late` : ''}`,
    );
    log(`  ${machineLine(host).replace(/\n/g, '\n  ')}`);
    log(
      `checked (${check.source}): ${check.paid}/${check.orders} PAID ${JSON.stringify(check.statuses)}${check.ledgerEntriesPerOrder ? `, ledger entries per order ${JSON.stringify(check.ledgerEntriesPerOrder)}` : ''}, campaign +${check.campaignGiftsAdded} gifts +${check.campaignFenAdded} fen: ${check.exactlyOnce ? 'each PAID exactly once' : 'NOT each PAID exactly once'}`,
    );

    // --- pgbench on the credit's statements, same database, same run ---------------------------------
    let pgbench = null;
    let pgbenchSkipped = null;
    if (!db)
      pgbenchSkipped =
        info.databaseKind === 'postgres'
          ? "pgbench skipped: DATABASE_URL is not set here (give the app's, to run pgbench and check in the database)"
          : 'pgbench skipped: the app is embedded (PGlite, no DATABASE_URL) and pgbench needs a PostgreSQL server';
    else {
      pgbench = await pgbenchCredits(db, databaseUrl, {
        run,
        campaignId: campaign.id,
        templateReceipt: orders[0].receiptNo,
        rows: opts.pgbenchRows,
        clients: opts.pgbenchClients,
        seconds: Math.max(5, Math.round(windowS)),
      });
      if (!pgbench) pgbenchSkipped = 'pgbench is not installed here; skipped';
    }
    const ratio = pgbench ? creditedPerSecond / pgbench.tps : null;
    if (pgbench) {
      log(
        `pgbench, the credit's ${CREDIT_STATEMENTS} statements (START TRANSACTION … COMMIT) as one transaction (-M extended, ${pgbench.clients} clients, ${pgbench.seconds} s, the tables copied into a schema of its own): ${pgbench.tps} tps, latency average ${pgbench.latencyAverageMs} ms${pgbench.failed ? `, ${pgbench.failed} failed` : ''}`,
      );
      log(`  ${machineLine(pgbench.machine).replace(/\n/g, '\n  ')}`);
      log(
        `credits/pgbench = ${round(creditedPerSecond)} / ${pgbench.tps} = ${round(100 * ratio)} % (target ≥ ${TARGET_SHARE * 100} %)${count === latencies.length && creditedPerSecond >= opts.rate * 0.97 ? `; the app kept up with the offered ${opts.rate}/s, so offer more to find what it can do` : ''}`,
      );
    } else log(pgbenchSkipped);

    const result = {
      url: target.url.origin,
      database: info.databaseKind ?? null,
      redis: info.redis ?? null,
      offeredPerSecond: opts.rate,
      windowS: round(windowS),
      scheduled: count,
      answered204: latencies.length,
      failed: count - latencies.length,
      failures,
      creditedPerSecond: round(creditedPerSecond),
      latencyMs: latency,
      lateStartMaxMs,
      signingMs: round(signingMs),
      machine: host,
      check,
      pgbench,
      pgbenchSkipped,
      creditsPerPgbench: ratio === null ? null : round(ratio),
      target: TARGET_SHARE,
    };
    if (opts.json) console.log(JSON.stringify(result));
    process.exitCode = count === latencies.length && check.exactlyOnce ? 0 : 1;
  } finally {
    agent.destroy();
    await db?.end();
  }
}

main().catch((err) => {
  console.error(`notify: ${err.stack ?? String(err)}`);
  process.exit(1);
});
