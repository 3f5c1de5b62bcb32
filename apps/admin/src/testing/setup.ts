import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach } from 'vitest';

// Each test's pages are unmounted after it, as leaving a page would.
enableAutoUnmount(afterEach);
