// Tests run on SWC (decorator metadata kept); with DATABASE_URL/REDIS_URL they use the real
// servers, otherwise embedded PGlite and in-process jobs: the same suites, both modes.
const { swcOptions } = require('./scripts/swc-options');
const tsconfig = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('*', '(.*)')}$`,
    `<rootDir>/${target.replace('*', '$1')}`,
  ]),
);

// Fault tests (test/faults/*.fault-spec.ts) kill processes that share one database: they run in
// the PostgreSQL + Redis pass only (PGlite is one process's). `npm run chaos:embedded` is theirs
// for the embedded mode. Replica tests (test/replicas) run two apps on one database and Redis: the
// same pass.
const faultTests = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

// CI's second, embedded pass (SHANCHOU_EMBEDDED_PASS=1, .ci/run) leaves out what does not depend on
// the database mode and the first pass, on PostgreSQL and Redis, has just run: the walks over the
// whole schema (who may call what, scopes, control characters, the H5's operation limits, Chinese
// messages: the guards and rules are the same code in both modes) and pure unit specs (hashing,
// signatures, codes, parsers). Every suite that reads or writes data still runs in both modes.
const MODE_INDEPENDENT = [
  '<rootDir>/test/scope-walk.e2e-spec.ts',
  '<rootDir>/test/access-matrix.e2e-spec.ts',
  '<rootDir>/test/control-characters.e2e-spec.ts',
  '<rootDir>/test/h5-operation-limits.e2e-spec.ts',
  '<rootDir>/test/chinese-messages.spec.ts',
  '<rootDir>/test/compile-cache.spec.ts',
  '<rootDir>/libs/ledger/src/merkle/',
  '<rootDir>/libs/wechatpay/src/',
  '<rootDir>/libs/logistics/src/goods-code.spec.ts',
  '<rootDir>/libs/logistics/src/household-import.spec.ts',
  '<rootDir>/libs/donations/src/bank-statement.spec.ts',
  '<rootDir>/libs/identity/src/password.spec.ts',
];
const embeddedPass = process.env.SHANCHOU_EMBEDDED_PASS === '1';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/{apps,libs,seeds,test}/**/*.{spec,e2e-spec}.ts',
    ...(faultTests ? ['<rootDir>/test/faults/*.fault-spec.ts', '<rootDir>/test/replicas/*.replica-spec.ts'] : []),
  ],
  // The H5 pages have their own runner (Vitest, apps/h5/vite.config.mts).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/h5/', ...(embeddedPass ? MODE_INDEPENDENT : [])],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcOptions(), swcrc: false }] },
  moduleNameMapper: {
    ...moduleNameMapper,
    // One PGlite per worker, outside each file's registry (the file says why).
    '^@electric-sql/pglite$': '<rootDir>/scripts/jest-pglite-per-worker.js',
    // @fastify/static requires content-disposition 3, published only as an ES module: Node's
    // require() loads it, jest's cannot. Its one use is reply.download(), which nothing here
    // calls; the tests get the CommonJS build of the same library (v2, the same create()).
    '^content-disposition$': '<rootDir>/node_modules/content-disposition/dist/index.js',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
