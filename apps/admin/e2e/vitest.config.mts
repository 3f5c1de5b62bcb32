import { defineConfig, mergeConfig } from 'vitest/config';
import h5 from '../../h5/e2e/vitest.config.mts';

/**
 * `npm run test:browser`: the H5 pages' browser tests and the district console's, in headless
 * Chromium against one `npm start` (apps/h5/e2e/server.ts); screenshots go to test-results/.
 */
export default mergeConfig(
  h5,
  defineConfig({ test: { include: ['apps/h5/e2e/**/*.e2e.ts', 'apps/admin/e2e/**/*.e2e.ts'] } }),
  false,
);
