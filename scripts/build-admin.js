#!/usr/bin/env node
// Builds the district console (apps/admin, Vite) to dist/admin, which apps/api serves at /admin/.
// Prints the initial JavaScript (what the first screen loads) gzipped, and fails above the budget:
// the sign-in page and the shell (Vue, the router, Element Plus's form, menu and layout); pages
// load lazily. `--if-changed` skips the build when the sources are those of the last build.
'use strict';
const { runCli, vitePages } = require('./lib/vite-pages');

const adminConsole = vitePages({ app: 'admin', label: 'district console', budget: 150 * 1024 });
module.exports = { adminConsole };
if (require.main === module) runCli(adminConsole);
