import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, type Router } from 'vue-router';
import App from '../App.vue';
import { createH5Router } from '../router';

/** The whole app at `path`, as a phone would open it, with the router on an in-memory history. */
export async function openPage(path: string): Promise<{ wrapper: VueWrapper; router: Router }> {
  const router = createH5Router(createMemoryHistory('/h5/'));
  await router.push(path);
  await router.isReady();
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

/** Text of the whole document, teleported popups included. */
export const pageText = (): string => document.body.textContent ?? '';
