import { afterEach, describe, expect, it } from 'vitest';
import { ONE_DAY_PAY } from './fixtures';
import { stubServer } from './graphql-stub';
import { openPage } from './mount-page';
import { closePageTimers, pendingPageTimers } from './page-timers';

/** What testing/setup.ts does after every page test: the page's timers go with the page. */
describe('page timers', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('tracks the measuring timers Vant’s tab bar starts on mounting, and cancels them with the page', async () => {
    stubServer({ Campaigns: () => ({ campaigns: [ONE_DAY_PAY] }) });
    const { wrapper } = await openPage('/');
    expect(document.body.querySelector('.van-tabbar')).not.toBeNull();
    const fromVant = pendingPageTimers().filter((t) => t.kind === 'timeout');
    expect(fromVant.length).toBeGreaterThanOrEqual(3);

    wrapper.unmount();
    // Unmounting does not stop them (Vant never clears them): that is why the tests do.
    expect(pendingPageTimers().length).toBeGreaterThanOrEqual(3);
    expect(closePageTimers()).toEqual([]);
    expect(pendingPageTimers()).toEqual([]);
  });

  it('forgets a timeout once it has fired or been cleared', async () => {
    const cleared = setTimeout(() => undefined, 10_000);
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    expect(pendingPageTimers()).toEqual([{ kind: 'timeout', origin: expect.any(String) as string }]);
    clearTimeout(Number(cleared));
    expect(pendingPageTimers()).toEqual([]);
  });

  it('names the interval a page left running, and stops it', async () => {
    let ticks = 0;
    setInterval(() => ticks++, 5);
    const leaked = closePageTimers();
    expect(leaked).toHaveLength(1);
    expect(leaked[0]).toContain('page-timers.test.ts');
    const before = ticks;
    await new Promise<void>((resolve) => setTimeout(resolve, 30));
    expect(ticks).toBe(before);
  });

  // Last in the file on purpose: the page's measuring timers are still pending when the test ends
  // and the environment goes right after it. Without setup.ts closing them, they fire into a
  // torn-down document and Vitest fails the run with "window is not defined".
  it('can end a file with a page just opened', async () => {
    stubServer({ Campaigns: () => ({ campaigns: [ONE_DAY_PAY] }) });
    await openPage('/');
    expect(pendingPageTimers().length).toBeGreaterThan(0);
  });
});
