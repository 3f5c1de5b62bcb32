#!/usr/bin/env node
// Compiles apps/, libs/ and seeds/ to dist/ with SWC (seconds, not minutes); `npm run typecheck`
// is the type check. Path aliases (@shanchou/*) are rewritten to relative requires.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { root, swcOptions } = require('./swc-options');

const SOURCE_DIRS = ['apps', 'libs', 'seeds', 'bench'];
const SKIP = /\.(spec|e2e-spec|test)\.ts$|\.d\.ts$/;
const outDir = path.join(root, 'dist');

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === 'h5') continue;
      yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !SKIP.test(entry.name)) {
      yield full;
    }
  }
}

async function main() {
  const started = Date.now();
  // dist/h5 (the built pages, scripts/build-h5.js) stays: it is rebuilt only when its sources change.
  for (const dir of SOURCE_DIRS) fs.rmSync(path.join(outDir, dir), { recursive: true, force: true });
  const files = SOURCE_DIRS.filter((d) => fs.existsSync(path.join(root, d))).flatMap((d) => [
    ...sources(path.join(root, d)),
  ]);
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
  console.log(`built ${files.length} files to dist/ in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
