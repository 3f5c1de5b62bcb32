#!/usr/bin/env node
// Compiles apps/, libs/, seeds/ and bench/ to dist/ with SWC (seconds, not minutes); `npm run
// typecheck` is the type check. Path aliases (@shanchou/*) are rewritten to relative requires.
// Then bundles the API into one file, dist/bundle/api.js (rolldown, which Vite already brings):
// `npm start` runs it from a V8 code cache (apps/api/src/start.ts), no module resolution at start.
// `--if-changed` skips the build when the sources are those of the last build (npm start).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, swcOptions } = require('./swc-options');

const SOURCE_DIRS = ['apps', 'libs', 'seeds', 'bench'];
const SKIP = /\.(spec|e2e-spec|test)\.ts$|\.d\.ts$/;
const outDir = path.join(root, 'dist');
const stampFile = path.join(outDir, '.build.json');
/** Besides the sources, what the output depends on: this script, its options, the packages. */
const BUILD_INPUTS = ['scripts/build.js', 'scripts/swc-options.js', 'tsconfig.json', 'package-lock.json'];
/** What package.json's scripts and the tests run: a build without them is not a build. */
const OUTPUTS = [
  'apps/api/src/main.js',
  'apps/api/src/start.js',
  'apps/worker/src/main.js',
  'apps/ledger-verifier/src/main.js',
  'bundle/api.js',
];
const bundleDir = path.join(outDir, 'bundle');

/**
 * What the bundle leaves to Node's own loader (from node_modules, at run time), and why: each
 * reads files next to itself, is native, is loaded only on first use, or must stay one copy with
 * a package that is itself left out.
 */
const BUNDLE_EXTERNAL = [
  /^@electric-sql\/pglite(\/|$)/, // its .wasm and data files, located from its own folder
  /^bullmq(\/|$)/, // its Lua scripts, read from its folder
  /^ioredis(\/|$)/, // one copy with bullmq's; reads its own package.json for CLIENT SETINFO
  /^pino(-[a-z-]+)?(\/|$)/, // transports run in worker threads by file path
  /^thread-stream(\/|$)/,
  /^formidable(\/|$)/, // its plugins, required from its folder
  /^sharp(\/|$)/, // native; loaded on the first image
  /^exceljs(\/|$)/, // loaded on the first .xlsx
  /^@aws-sdk\//, // loaded when S3 storage opens
  /^@smithy\//,
  /^@jridgewell\/trace-mapping(\/|$)/, // the bundle's stack traces, mapped when one is printed
];

/** Bundles the compiled API (dist/apps/api/src/main.js) into dist/bundle/api.js with its source map. */
async function bundleApi() {
  const started = Date.now();
  const { rolldown } = require('rolldown');
  const warnings = [];
  const bundle = await rolldown({
    input: path.join(outDir, 'apps/api/src/main.js'),
    platform: 'node',
    external: BUNDLE_EXTERNAL,
    // CommonJS throughout: every module keeps its own scope and side effects; nothing is shaken out.
    treeshake: false,
    logLevel: 'warn',
    onLog(level, log) {
      // Optional packages nobody installed (mysql, mongodb... for TypeORM; Nest's optional
      // modules): required only if used, and left to fail then as they would unbundled.
      if (log.code === 'UNRESOLVED_IMPORT' || log.code === 'EVAL' || log.code === 'MIXED_EXPORTS') return;
      warnings.push(`${level} ${log.code}: ${log.message}`);
    },
  });
  await bundle.write({ file: path.join(bundleDir, 'api.js'), format: 'cjs', sourcemap: true });
  await bundle.close();
  for (const w of warnings) console.warn(w);
  return Date.now() - started;
}

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // The H5 pages and the district console are Vite builds of their own (build-h5.js, build-admin.js).
      if (entry.name === 'node_modules' || entry.name === 'h5' || full === path.join(root, 'apps', 'admin')) continue;
      yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !SKIP.test(entry.name)) {
      yield full;
    }
  }
}

/** The sources' names and contents and the build's own inputs, as one hash. */
function fingerprint(files) {
  const hash = crypto.createHash('sha256');
  for (const file of [...files, ...BUILD_INPUTS.map((f) => path.join(root, f))].sort()) {
    if (!fs.existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function upToDate(print) {
  if (!fs.existsSync(stampFile)) return false;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return stamp.fingerprint === print && OUTPUTS.every((f) => fs.existsSync(path.join(outDir, f)));
  } catch {
    return false; // half written by a build that was stopped: build again
  }
}

/** Compiles the server, or with ifChanged returns at once when the last build had these sources. */
async function buildServer({ ifChanged = false } = {}) {
  const started = Date.now();
  const files = SOURCE_DIRS.filter((d) => fs.existsSync(path.join(root, d))).flatMap((d) => [
    ...sources(path.join(root, d)),
  ]);
  const print = fingerprint(files);
  if (ifChanged && upToDate(print)) {
    console.log(`server build up to date (${files.length} files); not rebuilt (${Date.now() - started} ms)`);
    return;
  }
  // No stamp while dist/ is being rewritten: a build stopped half way is not taken for a finished one.
  fs.rmSync(stampFile, { force: true });
  // dist/h5 (the built pages, scripts/build-h5.js) stays: it is rebuilt only when its sources change.
  for (const dir of SOURCE_DIRS) fs.rmSync(path.join(outDir, dir), { recursive: true, force: true });
  fs.rmSync(bundleDir, { recursive: true, force: true });
  await Promise.all(
    files.map(async (file) => {
      const rel = path.relative(root, file);
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await swc.transformFile(file, {
        ...swcOptions(),
        filename: file,
        outputPath: target,
        swcrc: false,
        configFile: false,
      });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, map ? `${code}\n//# sourceMappingURL=${path.basename(target)}.map` : code);
      if (map) fs.writeFileSync(`${target}.map`, map);
    }),
  );
  const compiledMs = Date.now() - started;
  const bundledMs = await bundleApi();
  fs.writeFileSync(
    stampFile,
    JSON.stringify({ fingerprint: print, files: files.length, builtAt: new Date().toISOString() }),
  );
  console.log(`built ${files.length} files to dist/ in ${compiledMs} ms, the API bundle in ${bundledMs} ms`);
}

module.exports = { buildServer };
if (require.main === module) {
  buildServer({ ifChanged: process.argv.includes('--if-changed') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
