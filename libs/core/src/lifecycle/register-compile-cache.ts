/**
 * Imported first by an entry point (`import '@shanchou/core/register-compile-cache'`): installs
 * the V8 code cache (./compile-cache.ts) before anything else is required. The cache is named
 * after the app whose main module started the process (dist/apps/<app>/src/main.js).
 */
import path from 'node:path';
import { installCompileCache } from './compile-cache';

const main = require.main?.filename;
installCompileCache(main ? path.basename(path.dirname(path.dirname(main))) : 'main');
