/// <reference types="vitest/config" />
import { VantResolver } from '@vant/auto-import-resolver';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Vant's icon font is inlined as WOFF2 with a fallback on Alibaba's CDN: every browser the pages
 * support reads WOFF2, and the pages load nothing from other hosts (their CSP refuses it).
 */
function vantIconFontWithoutCdn(): Plugin {
  return {
    name: 'shanchou:vant-icon-font-without-cdn',
    transform(code, id) {
      if (!/vant[\\/]es[\\/]icon[\\/]index\.css/.test(id)) return null;
      return {
        code: code.replace(/,\s*url\(["']?\/\/at\.alicdn\.com[^)]*\)\s*format\(["']woff["']\)/g, ''),
        map: null,
      };
    },
  };
}

/**
 * The H5 pages: built to dist/h5, which apps/api serves at /h5/; `npm run dev:h5` serves them
 * with hot reload, proxying the API to `npm start`. `test` is the Vitest component tests.
 */
export default defineConfig({
  root: here,
  base: '/h5/',
  plugins: [
    vue(),
    vantIconFontWithoutCdn(),
    // Only the Vant components a page uses are bundled, each with its own CSS.
    Components({
      dirs: [],
      resolvers: [VantResolver()],
      dts: fileURLToPath(new URL('src/components.d.ts', import.meta.url)),
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/h5', import.meta.url)),
    emptyOutDir: true,
    // WeChat's webviews: XWeb (Chromium) on Android, WKWebView on iOS 14 and later.
    target: ['es2020', 'chrome87', 'safari14'],
    assetsInlineLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Vue and the router change rarely: one long-cached chunk, apart from the pages' code.
        codeSplitting: { groups: [{ name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/ }] },
      },
    },
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
    // Vant's components import their CSS: Vite, not Node, has to load them.
    server: { deps: { inline: ['vant'] } },
  },
  server: {
    proxy: {
      '/graphql': 'http://localhost:3000',
      '/wechat-sim': 'http://localhost:3000',
      '/donations': 'http://localhost:3000',
    },
  },
});
