// jest maps @electric-sql/pglite here (jest.config.js): PGlite is loaded once per jest worker by
// Node's own require, outside the module registry jest makes anew for every test file.
//
// In that registry every file evaluated PGlite's JavaScript afresh, cold for the JIT, and compiled
// its 9 MB of WebAssembly again: PGlite's JavaScript alone was a fifth of the embedded pass's CPU
// (untarring the template, its in-memory file system, the wire protocol). Loaded once, it stays
// compiled and warm, and it needs no --experimental-vm-modules for its dynamic imports of Node's
// built-ins (that flag made Node 20 keep every finished test file alive).
//
// Its objects then come from the worker's own realm, not the test file's: libs/core's PGlite
// driver sends Dates as text for that reason, and rows are compared by value (toEqual), as ever.
'use strict';
const { Module } = require('node:module');

const outer = new Module(__filename, null);
outer.filename = __filename;
outer.paths = Module._nodeModulePaths(__dirname);
module.exports = outer.require('@electric-sql/pglite');
