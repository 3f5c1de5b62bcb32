import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach } from 'vitest';
import { closePageTimers, trackPageTimers } from './page-timers';

trackPageTimers();

// Hooks after a test run last-registered first: the pages are unmounted (below), then the timers
// they left are cancelled, so nothing of one test's pages runs during the next one or after the
// file's environment is gone.
afterEach(() => {
  const leaked = closePageTimers();
  if (leaked.length > 0) {
    throw new Error(`a page left ${leaked.length} interval(s) running after it was unmounted:\n${leaked.join('\n')}`);
  }
});

// Each test's pages are unmounted after it, as leaving a page would.
enableAutoUnmount(afterEach);
