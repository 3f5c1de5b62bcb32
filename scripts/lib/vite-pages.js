// A Vite front end of apps/ (the H5 pages, the district console) built to dist/<app>, which
// apps/api serves at /<app>/: only when its sources changed (a fingerprint of them and of
// package-lock.json), with a budget on the JavaScript the first screen loads (gzipped), and
// .gz/.br beside each text file for @fastify/static's preCompressed serving.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..', '..');
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
const INPUTS = ['src', 'public', 'index.html', 'vite.config.mts', 'tsconfig.json'];

const gzipSize = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!/\.test\.ts$/.test(entry.name)) yield full;
  }
}

/**
 * @param {{ app: string, label: string, budget: number }} spec `app` the folder under apps/ and
 *   the path it is served at; `label` how the log names it; `budget` the initial JS, gzipped, in bytes.
 */
function vitePages({ app, label, budget }) {
  const appDir = path.join(root, 'apps', app);
  const outDir = path.join(root, 'dist', app);
  const stampFile = path.join(outDir, '.build.json');

  /** What the build depends on: the page sources, this builder, and the installed packages. */
  function fingerprint() {
    const hash = crypto.createHash('sha256');
    for (const input of INPUTS) {
      const full = path.join(appDir, input);
      if (!fs.existsSync(full)) continue;
      const list = fs.statSync(full).isDirectory() ? [...files(full)] : [full];
      for (const file of list) hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
    }
    hash.update(fs.readFileSync(__filename)).update(String(budget));
    hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
    return hash.digest('hex');
  }

  /** The scripts index.html loads before the first screen: its module entry and the chunks it preloads. */
  function initialScripts() {
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const urls = [
      ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
    ].map((m) => m[1]);
    return [...new Set(urls)].map((url) => path.join(outDir, url.replace(new RegExp(`^/${app}/`), '')));
  }

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

  /** Builds, or with ifChanged returns at once when the last build had these sources. Throws over budget. */
  async function build({ ifChanged = false } = {}) {
    const started = Date.now();
    const print = fingerprint();
    if (ifChanged && fs.existsSync(stampFile)) {
      const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
      if (stamp.fingerprint === print && fs.existsSync(path.join(outDir, 'index.html'))) {
        console.log(`${label} up to date (initial JS ${kb(stamp.initialJsGzip)} gzipped); not rebuilt`);
        return;
      }
    }
    const { build: viteBuild } = await import('vite');
    await viteBuild({ configFile: path.join(appDir, 'vite.config.mts'), logLevel: 'warn' });

    const scripts = initialScripts();
    let initialJsGzip = 0;
    for (const file of scripts) {
      const size = gzipSize(fs.readFileSync(file));
      initialJsGzip += size;
      console.log(`  ${path.relative(outDir, file).padEnd(40)} ${kb(size).padStart(10)} gzipped`);
    }
    console.log(`${label} initial JS: ${kb(initialJsGzip)} gzipped in ${scripts.length} files (budget ${kb(budget)})`);
    if (initialJsGzip > budget) {
      throw new Error(`${label} build FAILED: the initial JavaScript is over budget; load the page that grew lazily`);
    }
    await precompress();
    fs.writeFileSync(
      stampFile,
      JSON.stringify({ fingerprint: print, initialJsGzip, builtAt: new Date().toISOString() }),
    );
    console.log(`built the ${label} to dist/${app} in ${Date.now() - started} ms`);
  }

  return { build };
}

/** A builder's command line: `node scripts/build-<app>.js [--if-changed]`. */
function runCli(builder) {
  builder.build({ ifChanged: process.argv.includes('--if-changed') }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

module.exports = { vitePages, runCli };
