#!/usr/bin/env node
// Compiles apps/, libs/, seeds/ and bench/ to dist/ with SWC (seconds, not minutes); `npm run
// typecheck` is the type check. Path aliases (@shanchou/*) are rewritten to relative requires.
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
const OUTPUTS = ['apps/api/src/main.js', 'apps/worker/src/main.js', 'apps/ledger-verifier/src/main.js'];

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
  fs.writeFileSync(
    stampFile,
    JSON.stringify({ fingerprint: print, files: files.length, builtAt: new Date().toISOString() }),
  );
  console.log(`built ${files.length} files to dist/ in ${Date.now() - started} ms`);
}

module.exports = { buildServer };
if (require.main === module) {
  buildServer({ ifChanged: process.argv.includes('--if-changed') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
