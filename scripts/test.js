#!/usr/bin/env node
// `npm test`: the jest suites (apps, libs, test; embedded or against DATABASE_URL/REDIS_URL),
// then the H5 pages' and the district console's Vitest component tests. Paths pick: `npm test -- test/x.e2e-spec.ts` runs
// that jest file only, `npm test -- apps/h5/src/x.test.ts` that Vitest file only; flags go to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// `--no-components`: the jest suites only (CI's second, embedded pass: the Vitest component
// tests do not touch a database, so the first pass has already run them).
const noComponents = process.argv.includes('--no-components');
const args = process.argv.slice(2).filter((a) => a !== '--no-components');
const isPath = (a) => !a.startsWith('-');
const isH5 = (a) => path.resolve(root, a).startsWith(path.join(root, 'apps', 'h5'));
const isAdmin = (a) => path.resolve(root, a).startsWith(path.join(root, 'apps', 'admin'));
const paths = args.filter(isPath);
const flags = args.filter((a) => !isPath(a));
const jestPaths = paths.filter((a) => !isH5(a) && !isAdmin(a));
const h5Paths = paths.filter(isH5);
const adminPaths = paths.filter(isAdmin);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

let status = 0;
// The fault tests (PostgreSQL + Redis pass) start and kill real API and worker processes: dist/.
const faultTests = process.env.DATABASE_URL && process.env.REDIS_URL;
if (faultTests && (jestPaths.length === 0 || jestPaths.some((p) => p.includes('fault')))) {
  status ||= run(process.execPath, ['scripts/build.js']);
}
if (status === 0 && (paths.length === 0 || jestPaths.length > 0)) {
  // No --experimental-vm-modules: with it Node 20 keeps every finished test file alive
  // (scripts/jest-pglite-per-worker.js says why it is not needed).
  status ||= run(process.execPath, ['node_modules/jest/bin/jest.js', ...flags, ...jestPaths]);
}
if (!noComponents && (paths.length === 0 || h5Paths.length > 0)) {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const code = run(process.execPath, [vitest, 'run', '--config', 'apps/h5/vite.config.mts', ...h5Paths]);
  status ||= code;
}
// The district console's component tests (apps/admin).
if (!noComponents && (paths.length === 0 || adminPaths.length > 0)) {
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  status ||= run(process.execPath, [vitest, 'run', '--config', 'apps/admin/vite.config.mts', ...adminPaths]);
}
process.exit(status);
