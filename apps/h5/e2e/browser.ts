import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_PATH } from '../../../test/support/test-env';

export const CHROMIUM = CHROMIUM_PATH;
export const RESULTS = path.resolve(import.meta.dirname, '../../../test-results');

/** The phones the pages must fit without horizontal scrolling. */
export const PHONES = {
  small: { width: 360, height: 640 },
  iphone: { width: 390, height: 844 },
} as const;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Console errors and failed requests the page caused (a CSP violation shows here). */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, as a phone: touch, a phone's size and pixel ratio. */
export async function openPhone(options: { userAgent?: string } = {}): Promise<Phone> {
  const profile = mkdtempSync(path.join(tmpdir(), 'shanchou-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: PHONES.small,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    userAgent: options.userAgent,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // Leaving a page cancels what it was still loading: that is not a fault.
    if (!failure.includes('ERR_ABORTED')) problems.push(`request failed: ${request.url()} ${failure}`);
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

/** The page fits each phone's width: nothing makes it scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const before = page.viewportSize();
  for (const [phone, size] of Object.entries(PHONES)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: [...document.querySelectorAll('body *')]
        .map((el) => ({ el, right: el.getBoundingClientRect().right }))
        .filter((x) => x.right > document.documentElement.clientWidth + 1)
        .slice(0, 3)
        .map((x) => `${x.el.tagName.toLowerCase()}.${[...x.el.classList].join('.')} → ${Math.round(x.right)}px`),
    }));
    expect(
      widths.scroll,
      `${label} at ${phone} (${size.width}px) is wider than the screen: ${widths.widest.join(', ')}`,
    ).toBeLessThanOrEqual(widths.client);
  }
  if (before) await page.setViewportSize(before);
}
