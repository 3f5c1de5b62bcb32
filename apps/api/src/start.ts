/**
 * `npm start`'s entry: the API bundled into one file by the build (dist/bundle/api.js,
 * scripts/build.js), run from the V8 code cache (libs/core/src/lifecycle/compile-cache.ts), which
 * takes a warm start's module loading from about 2.1 s to 0.9 s. Without a bundle (a build that
 * made none) it runs main.js, which is the same server unbundled; `node dist/apps/api/src/main.js`
 * is always that.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBundle } from '@shanchou/core/compile-cache';

const bundle = path.resolve(__dirname, '../../../bundle/api.js');
if (existsSync(bundle)) runBundle('api-bundle', bundle);
// eslint-disable-next-line @typescript-eslint/no-require-imports
else require('./main');
