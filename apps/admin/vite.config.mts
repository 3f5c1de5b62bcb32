/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The district console (区众筹管理中心后台): built to dist/admin, which apps/api serves at /admin/
 * (scripts/build-admin.js). Element Plus components are imported by each file that uses them, so a
 * page's components load with the page. `test` is the Vitest component tests (`npm run test:admin`).
 */
export default defineConfig({
  root: here,
  base: '/admin/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    // Desktop browsers of the last few years (360 and QQ browsers are Chromium).
    target: ['es2020', 'chrome87', 'safari14', 'firefox90'],
    assetsInlineLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/ }] },
      },
    },
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // Element Plus's style entries import CSS: Vite, not Node, has to load them.
    server: { deps: { inline: ['element-plus'] } },
  },
  server: {
    port: 5174,
    proxy: { '/graphql': 'http://localhost:3000', '/h5': 'http://localhost:3000' },
  },
});
