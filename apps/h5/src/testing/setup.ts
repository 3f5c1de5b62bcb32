import { enableAutoUnmount } from '@vue/test-utils';
import { afterAll, afterEach } from 'vitest';

// Each test's pages are unmounted after it, as leaving a page would.
enableAutoUnmount(afterEach);

// Vant measures some components on a short timer after mounting; let those run while the
// document still exists, not after the file's environment has been torn down.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 250)));
