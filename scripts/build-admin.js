#!/usr/bin/env node
// Builds the district console (apps/admin, Vite) to dist/admin, which apps/api serves at /admin/. Prints the
// initial JavaScript (what the first screen loads) gzipped, and fails above the budget.
// `--if-changed` skips the build when the sources are those of the last build (npm start).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const admin = path.join(root, 'apps', 'admin');
const outDir = path.join(root, 'dist', 'admin');
const stampFile = path.join(outDir, '.build.json');
// The sign-in page and the shell (Vue, the router, Element Plus's form, menu and layout); pages load lazily.
const INITIAL_JS_BUDGET = 150 * 1024;
const INPUTS = ['src', 'public', 'index.html', 'vite.config.mts', 'tsconfig.json', '../../scripts/build-admin.js'];
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!/\.test\.ts$/.test(entry.name)) yield full;
  }
}

/** What the build depends on: the page sources and the installed packages (package-lock.json). */
function fingerprint() {
  const hash = crypto.createHash('sha256');
  for (const input of INPUTS) {
    const full = path.join(admin, input);
    if (!fs.existsSync(full)) continue;
    const list = fs.statSync(full).isDirectory() ? [...files(full)] : [full];
    for (const file of list) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}

const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The scripts index.html loads before the first screen: its module entry and the chunks it preloads. */
function initialScripts() {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1]);
  return [...new Set(urls)].map((url) => path.join(outDir, url.replace(/^\/admin\//, '')));
}

/** .br and .gz beside each text file, for @fastify/static's preCompressed serving (in the thread pool). */
async function precompress() {
  const gzip = util.promisify(zlib.gzip);
  const brotli = util.promisify(zlib.brotliCompress);
  const work = [...files(outDir)]
    .filter((file) => COMPRESSIBLE.test(file) && fs.statSync(file).size >= 1024)
    .map(async (file) => {
      const raw = fs.readFileSync(file);
      const [gz, br] = await Promise.all([
        gzip(raw, { level: 9 }),
        brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      ]);
      fs.writeFileSync(`${file}.gz`, gz);
      fs.writeFileSync(`${file}.br`, br);
    });
  await Promise.all(work);
}

async function main() {
  const started = Date.now();
  const print = fingerprint();
  if (process.argv.includes('--if-changed') && fs.existsSync(stampFile)) {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    if (stamp.fingerprint === print && fs.existsSync(path.join(outDir, 'index.html'))) {
      console.log(`district console up to date (initial JS ${kb(stamp.initialJsGzip)} gzipped); not rebuilt`);
      return;
    }
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(admin, 'vite.config.mts'), logLevel: 'warn' });

  const scripts = initialScripts();
  let initialJsGzip = 0;
  for (const file of scripts) {
    const size = gzipSize(fs.readFileSync(file));
    initialJsGzip += size;
    console.log(`  ${path.relative(outDir, file).padEnd(40)} ${kb(size).padStart(10)} gzipped`);
  }
  const over = initialJsGzip > INITIAL_JS_BUDGET;
  console.log(
    `console initial JS: ${kb(initialJsGzip)} gzipped in ${scripts.length} files (budget ${kb(INITIAL_JS_BUDGET)})`,
  );
  if (over) {
    console.error('console build FAILED: the initial JavaScript is over budget; load the page that grew lazily');
    process.exit(1);
  }
  await precompress();
  fs.writeFileSync(stampFile, JSON.stringify({ fingerprint: print, initialJsGzip, builtAt: new Date().toISOString() }));
  console.log(`built the district console to dist/admin in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
