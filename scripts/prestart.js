#!/usr/bin/env node
// `npm start`'s prestart, in one Node process: the server build, the H5 pages and the district
// console, each skipped when its sources are those of its last build (the warm start's case).
'use strict';
const { buildServer } = require('./build');
const { h5Pages } = require('./build-h5');
const { adminConsole } = require('./build-admin');

(async () => {
  await buildServer({ ifChanged: true });
  await h5Pages.build({ ifChanged: true });
  await adminConsole.build({ ifChanged: true });
})().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
