// A jest transform for @electric-sql/pglite's CommonJS build: its Emscripten loader reaches Node's
// built-ins through `await import("node:module")` and the like. jest runs CommonJS inside vm
// contexts, where a dynamic import() needs --experimental-vm-modules, and with that flag Node 20
// keeps every finished test file's context alive (each worker's heap grew to ~950 MB over the
// suite, and the embedded pass ran a quarter slower). A built-in is the same module whichever way
// it is loaded, so the import becomes a require of it. `module.require`, because the loader
// declares a `var require` of its own that is not yet set where the import stands.
'use strict';
const { createHash } = require('node:crypto');
const { isBuiltin } = require('node:module');

const BUILTIN_IMPORT = /\bimport\(\s*(["'])((?:node:)?[a-z_/]+)\1\s*\)/g;

module.exports = {
  process(source) {
    const code = source.replace(BUILTIN_IMPORT, (call, quote, name) =>
      isBuiltin(name) ? `Promise.resolve(module.require(${quote}${name}${quote}))` : call,
    );
    return { code };
  },
  getCacheKey(source) {
    return createHash('sha256').update('node-builtin-import v1\0').update(source).digest('hex');
  },
};
