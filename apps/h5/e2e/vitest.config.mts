import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the pages in headless Chromium (playwright-core) against `npm start` on
 * a spare port with a fresh DATA_DIR (or against H5_BASE_URL when given). Screenshots go to
 * test-results/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['apps/h5/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['apps/h5/e2e/server.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // One server, one browser at a time: the machine has two cores.
    fileParallelism: false,
  },
});
