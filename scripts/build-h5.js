#!/usr/bin/env node
// Builds the H5 pages (apps/h5, Vite) to dist/h5, which apps/api serves at /h5/. Prints the
// initial JavaScript (what the first screen loads) gzipped, and fails above the budget.
// `--if-changed` skips the build when the sources are those of the last build (npm start).
'use strict';
const { runCli, vitePages } = require('./lib/vite-pages');

const h5Pages = vitePages({ app: 'h5', label: 'H5 pages', budget: 300 * 1024 });
module.exports = { h5Pages };
if (require.main === module) runCli(h5Pages);
