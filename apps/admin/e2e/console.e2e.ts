import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_PATH } from '../../../test/support/test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Given by apps/h5/e2e/server.ts: the `npm start` the browser tests run against. */
    baseUrl: string;
  }
}

const RESULTS = path.resolve(import.meta.dirname, '../../../test-results');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

/**
 * The district console on a desktop: the demo district admin signs in, creates a campaign and
 * activates it (read back through `campaign(slug)`); an auditor signs in and finds no button that
 * changes anything. Screenshots of the main pages go to test-results/console-*.png.
 */
describe('district console', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'shanchou-console-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      // A failed request is recorded below with its address.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function shot(name: string): Promise<void> {
    mkdirSync(RESULTS, { recursive: true });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(RESULTS, `console-${name}.png`), fullPage: true });
  }

  async function gql<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto(`${baseUrl}/admin/`);
    await page.waitForURL(/\/admin\/login/);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.locator('[data-test=form-submit]').click();
    await page.locator('[data-test=who]').waitFor();
  }

  async function signOut(): Promise<void> {
    await page.locator('[data-test=who]').click();
    await page.locator('[data-test=logout]').click();
    await page.waitForURL(/\/admin\/login/);
  }

  /** A page of the console opened by its address, its table loaded. */
  async function open(pathname: string): Promise<void> {
    await page.goto(`${baseUrl}/admin${pathname}`);
    await page.locator('[data-test=who]').waitFor();
    await page.locator('.el-card').first().waitFor();
    await page.waitForLoadState('networkidle');
  }

  const slug = `e2e-${Date.now().toString(36)}`;

  it('signs the district admin in, creates a campaign and activates it; campaign(slug) reads it back', async () => {
    await signIn('demo-district', 'demo123456');
    expect(await page.locator('[data-test=who]').innerText()).toContain('区管理中心演示账号');
    expect(await page.locator('[data-test=who]').innerText()).toContain('区管理员');
    await page.waitForLoadState('networkidle');
    await shot('1-home');

    await open('/campaigns');
    await page.locator('[data-test=campaign-cixin-yiri-juan-2026]').waitFor();
    await shot('2-campaigns');
    await page.locator('[data-test=write-new-campaign]').click();
    await page.waitForURL(/\/admin\/campaigns\/new$/);
    await page.locator('[data-test=campaign-title]').fill('浏览器测试助学项目');
    await page.locator('[data-test=campaign-slug]').fill(slug);
    await page.locator('[data-test=campaign-goal]').fill('1234.5');
    await page.locator('[data-test=campaign-suggested]').fill('10, 19.99');
    await page
      .locator('[data-test=campaign-story]')
      .fill('## 项目介绍\n\n为**古邵镇**的孩子们购买课桌。<script>alert(1)</script>');
    await expect.poll(() => page.locator('[data-test=story-preview] strong').innerText()).toBe('古邵镇');
    expect(await page.locator('[data-test=story-preview] script').count()).toBe(0);
    await shot('3-campaign-new');
    await page.locator('[data-test=form-submit]').click();
    await page.waitForURL(new RegExp(`/admin/campaigns/${slug}$`));
    await expect.poll(() => page.locator('[data-test=campaign-status]').innerText()).toContain('草稿');

    await page.locator('[data-test=write-activate]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => page.locator('[data-test=campaign-status]').innerText()).toContain('募捐中');
    await shot('4-campaign-detail');

    const { campaign } = await gql<{
      campaign: { title: string; status: string; goalFen: number; suggestedAmountsFen: number[] } | null;
    }>('query ($slug: String!) { campaign(slug: $slug) { title status goalFen suggestedAmountsFen } }', { slug });
    expect(campaign).toEqual({
      title: '浏览器测试助学项目',
      status: 'ACTIVE',
      goalFen: 123450,
      suggestedAmountsFen: [1000, 1999],
    });

    // Every page has its own address: a reload of a deep link serves the console.
    await page.reload();
    await expect.poll(() => page.locator('[data-test=campaign-status]').innerText()).toContain('募捐中');
    expect(await page.locator('[data-test=breadcrumbs]').innerText()).toContain('项目管理');

    for (const [pathname, name] of [
      ['/staff', '5-staff'],
      ['/donations', '6-donations'],
      ['/reconciliation', '7-reconciliation'],
      ['/audit', '8-audit'],
      ['/organizations', '9-organizations'],
    ] as const) {
      await open(pathname);
      await shot(name);
    }
    // The audit log has the campaign just made.
    await open('/audit');
    await expect.poll(() => page.locator('[data-test=table]').innerText()).toContain('demo-district');
    await signOut();
  });

  it('shows an auditor every page and no button that changes anything', async () => {
    const { login } = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    );
    await gql(
      'mutation ($input: CreateStaffInput!) { createStaff(input: $input) { id } }',
      {
        input: {
          username: 'e2e-auditor',
          displayName: '浏览器测试审计员',
          role: 'AUDITOR',
          regionCode: '370404',
          password: 'audit-e2e-2026!',
        },
      },
      login.token,
    );
    await signIn('e2e-auditor', 'audit-e2e-2026!');
    expect(await page.locator('[data-test=who]').innerText()).toContain('审计员');
    for (const pathname of ['/campaigns', `/campaigns/${slug}`, '/staff', '/donations', '/reconciliation', '/jobs']) {
      await open(pathname);
      expect(await page.locator('[data-test^=write-]').count(), `${pathname} shows a write button`).toBe(0);
    }
    await open('/campaigns');
    await page.locator(`[data-test=campaign-${slug}]`).waitFor();
    await shot('10-auditor-campaigns');
    // An address meant for writers only sends the auditor home.
    await page.goto(`${baseUrl}/admin/campaigns/new`);
    await page.waitForURL(/\/admin\/$/);
    expect(problems).toEqual([]);
  });
});
