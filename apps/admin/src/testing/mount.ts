import { mount } from '@vue/test-utils';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createConsoleRouter } from '../router';
import { saveSession, type Role } from '../session';

/** Signs a member of `role` in (no server: the session as the console keeps it). */
export function signInAs(role: Role, regionCode = '370404'): void {
  saveSession({
    token: `token-${role}`,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    staffId: 's1',
    username: `demo-${role.toLowerCase()}`,
    displayName: '测试账号',
    role,
    regionCode,
    regionName: '峄城区',
  });
}

/** Mounts a page at `path` with the console's router (in memory), as the browser would show it. */
export async function mountPage(page: Component, path = '/', props: Record<string, unknown> = {}) {
  const router = createConsoleRouter(createMemoryHistory('/admin/'));
  await router.push(path);
  await router.isReady();
  return { wrapper: mount(page, { props, global: { plugins: [router] }, attachTo: document.body }), router };
}
