// One SWC configuration for the build (scripts/build.js) and the tests (jest.config.js).
// SWC keeps decorator metadata, which Nest's dependency injection and TypeORM need.
'use strict';
const path = require('node:path');
const tsconfig = require('../tsconfig.json');

const root = path.resolve(__dirname, '..');

/** @returns {import('@swc/core').Options} */
function swcOptions({ sourceMaps = true } = {}) {
  return {
    sourceMaps,
    module: { type: 'commonjs', strictMode: true },
    jsc: {
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
  };
}

module.exports = { root, swcOptions };
