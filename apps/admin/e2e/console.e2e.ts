import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
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
      ['/remittances', '9a-remittances'],
      ['/remittances/new', '9b-remittance-new'],
      ['/official-receipts', '9h-official-receipts'],
      ['/offline-gifts/new', '9d-offline-gift-new'],
      ['/bank-statements', '9c-bank-statements'],
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
    for (const pathname of [
      '/campaigns',
      `/campaigns/${slug}`,
      '/staff',
      '/donations',
      '/reconciliation',
      '/jobs',
      '/fund-requests',
      '/remittances',
      '/official-receipts',
      '/bank-statements',
    ]) {
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

  /** Starts from the sign-in page whoever was signed in before. */
  async function signInAfresh(username: string, password: string): Promise<void> {
    await page.goto(`${baseUrl}/admin/login`);
    await page.evaluate(() => localStorage.removeItem('shanchou.console'));
    await signIn(username, password);
  }

  async function confirmBox(): Promise<void> {
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message-box').waitFor({ state: 'hidden' });
  }

  const png = (colour: string): Promise<Buffer> =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
      .png()
      .toBuffer();

  const mediaSlug = `e2e-media-${Date.now().toString(36)}`;

  it('creates a campaign with a cover uploaded from the browser and publishes a progress update; campaign(slug) reads both', async () => {
    await signInAfresh('demo-district', 'demo123456');
    await open('/campaigns/new');
    await page.locator('[data-test=campaign-title]').fill('浏览器测试图文项目');
    await page.locator('[data-test=campaign-slug]').fill(mediaSlug);
    await page
      .locator('[data-test=campaign-cover-input]')
      .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: await png('#c0392b') });
    await page.locator('[data-test=campaign-cover] img').waitFor();
    await shot('11-campaign-cover');
    await page.locator('[data-test=form-submit]').click();
    await page.waitForURL(new RegExp(`/admin/campaigns/${mediaSlug}$`));
    await page.locator('[data-test=campaign-cover-image]').waitFor();
    // Progress is published on a campaign that is open.
    await page.locator('[data-test=updates-draft]').waitFor();
    await page.locator('[data-test=write-activate]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=campaign-status]').innerText()).toContain('募捐中');

    await page.locator('[data-test=update-title]').fill('课桌已到校');
    await page
      .locator('[data-test=update-body]')
      .fill('第一批 **40 套**课桌已送到古邵镇中心小学。<script>alert(1)</script>');
    await expect.poll(() => page.locator('[data-test=update-preview] strong').innerText()).toBe('40 套');
    await page
      .locator('[data-test=update-photos-input]')
      .setInputFiles({ name: 'desks.png', mimeType: 'image/png', buffer: await png('#2980b9') });
    await page.locator('[data-test=update-photos] img').waitFor();
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=campaign-updates]').innerText()).toContain('课桌已到校');
    expect(await page.locator('[data-test=campaign-updates] script').count()).toBe(0);
    await shot('12-campaign-updates');

    const { campaign } = await gql<{
      campaign: { coverImageUrl: string | null; updates: { title: string; imageUrls: string[] }[] } | null;
    }>('query ($slug: String!) { campaign(slug: $slug) { coverImageUrl updates { title imageUrls } } }', {
      slug: mediaSlug,
    });
    expect(campaign?.coverImageUrl).toMatch(/^(https?:\/\/[^/]+)?\/files\/[0-9a-f]{64}\.\w+$/);
    expect(campaign?.updates.map((u) => u.title)).toEqual(['课桌已到校']);
    expect(campaign?.updates[0].imageUrls).toHaveLength(1);
    const cover = await fetch(new URL(campaign!.coverImageUrl!, baseUrl));
    expect(cover.ok).toBe(true);
    expect(problems).toEqual([]);
  });

  it('takes one person’s cash at the desk and prints its receipt alone; donation(receiptNo) reads it back', async () => {
    await signInAfresh('demo-district', 'demo123456');
    await open('/offline-gifts/new');
    await page.locator('[data-test=gift-campaign]').click();
    await page.locator('[data-test=gift-campaign-cixin-yiri-juan-2026]').click();
    await page.locator('[data-test=gift-name]').fill('浏览器测试捐赠人');
    await page.locator('[data-test=gift-phone]').fill('138 0013 8000');
    await page.locator('[data-test=gift-amount]').fill('123.45');
    await expect
      .poll(() => page.locator('[data-test=gift-amount-words]').innerText())
      .toBe('大写：壹佰贰拾叁元肆角伍分');
    const reference = `SJ-${Date.now().toString(36)}`;
    await page.locator('[data-test=gift-reference]').fill(reference);
    await page
      .locator('[data-test=gift-voucher-input]')
      .setInputFiles({ name: 'stub.png', mimeType: 'image/png', buffer: await png('#d35400') });
    await page.locator('[data-test=gift-voucher-item]').waitFor();
    expect(await page.locator('[data-test=gift-handler]').innerText()).toContain('区管理中心演示账号');
    await page.locator('[data-test=form-submit]').click();
    await page.waitForURL(/\/admin\/offline-gifts\/[^/]+\/receipt$/);
    const receiptNo = await page.locator('[data-test=receipt-no]').innerText();
    expect(page.url()).toContain(`/offline-gifts/${receiptNo}/receipt`);
    expect(await page.locator('[data-test=receipt-giver]').innerText()).toBe('浏览器测试捐赠人');
    expect(await page.locator('[data-test=receipt-amount-words]').innerText()).toBe('人民币壹佰贰拾叁元肆角伍分');
    expect(await page.locator('[data-test=receipt-status]').innerText()).toBe('已入账');
    expect(await page.locator('[data-test=receipt-phone-notice]').innerText()).toContain('138****8000');
    await shot('9e-offline-gift-receipt');

    // On paper only the receipt: the console's menu, header and the page's buttons are left out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.el-aside').isVisible()).toBe(false);
    expect(await page.locator('.el-header').isVisible()).toBe(false);
    expect(await page.locator('[data-test=receipt-print]').isVisible()).toBe(false);
    expect(await page.locator('[data-test=receipt]').isVisible()).toBe(true);
    await shot('9f-offline-gift-receipt-print');
    await page.emulateMedia({ media: 'screen' });

    // Reprinted later by its number (a fresh visit, not a reload of the first print): the giver as the
    // ledger shows them, the phone as the server keeps it.
    await open('/remittances');
    await open(`/offline-gifts/${receiptNo}/receipt`);
    await page.locator('[data-test=receipt-reprint]').waitFor();
    expect(await page.locator('[data-test=receipt-no]').innerText()).toBe(receiptNo);
    expect(await page.locator('[data-test=receipt-giver]').innerText()).toBe(`浏${'*'.repeat(7)}`);
    expect(await page.locator('[data-test=receipt-phone-notice]').innerText()).toContain('138****8000');
    // As it was taken (offlineRecord): its voucher's number and 经办人, and who reprints it.
    expect(await page.locator('[data-test=receipt-channel]').innerText()).toBe(`现金（凭证号 ${reference}）`);
    expect(await page.locator('[data-test=receipt-handler]').innerText()).toBe('区管理中心演示账号');
    expect(await page.locator('[data-test=receipt-reprinted-by]').innerText()).toContain('区管理中心演示账号');

    const { login } = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    );
    const { donation } = await gql<{ donation: Record<string, unknown> }>(
      'query ($r: String!) { donation(receiptNo: $r) { amountFen channel status giverPhone campaign { slug } } }',
      { r: receiptNo },
      login.token,
    );
    expect(donation).toEqual({
      amountFen: 12_345,
      channel: 'CASH',
      status: 'PAID',
      giverPhone: '138****8000',
      campaign: { slug: 'cixin-yiri-juan-2026' },
    });

    // 捐赠票据 for it: asked for on its remittance, issued on 捐赠票据 with the number and a scan.
    const { remittances } = await gql<{ remittances: { id: string; reference: string }[] }>(
      'query { remittances(status: "CONFIRMED", first: 50) { id reference } }',
      {},
      login.token,
    );
    const remittanceId = remittances.find((r) => r.reference === reference)!.id;
    await open(`/remittances/${remittanceId}`);
    await page.locator('[data-test=write-request-receipt]').click();
    await page.locator('[data-test=request-receipt-title]').fill('浏览器测试捐赠人');
    await page.locator('[data-test=request-receipt-form] [data-test=form-submit]').click();
    await expect.poll(() => page.locator('[data-test=remittance-receipt-status]').innerText()).toBe('待开具');
    const receiptNumber = `E2E${Date.now().toString(36).toUpperCase()}`;
    await open('/official-receipts?status=REQUESTED');
    const row = page.locator('[data-test=table] tbody tr', { hasText: reference });
    await row.locator('[data-test^=write-issue-]').click();
    await page.locator('[data-test=issue-number]').fill(receiptNumber);
    await page
      .locator('[data-test=issue-file-input]')
      .setInputFiles({ name: 'piaoju.png', mimeType: 'image/png', buffer: await png('#8e44ad') });
    await page.locator('[data-test=issue-file-item]').waitFor();
    await shot('9i-official-receipt-issue');
    await page.locator('[data-test=issue-form] [data-test=form-submit]').click();
    await page.locator('[data-test=issue-form]').waitFor({ state: 'hidden' });
    await open('/official-receipts?status=ISSUED');
    await expect
      .poll(() => page.locator('[data-test=table] tbody tr', { hasText: reference }).innerText())
      .toContain(receiptNumber);
    await open(`/remittances/${remittanceId}`);
    expect(await page.locator('[data-test=remittance-receipt-status]').innerText()).toBe('已开具');
    await shot('9j-remittance-receipt');
    const fileUrl = await page.locator('[data-test=remittance-receipt-file]').getAttribute('href');
    expect((await fetch(new URL(fileUrl!, baseUrl))).ok).toBe(true);
    expect(problems).toEqual([]);
  });

  it('offers 登记个人捐赠 to a village operator, who takes gifts at the village centre as 经办人', async () => {
    const { login } = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    );
    const { region } = await gql<{ region: { children: { children: { code: string }[] | null }[] } }>(
      'query ($code: String!) { region(code: $code) { children { children { code } } } }',
      { code: '370404' },
    );
    const village = region.children.flatMap((town) => town.children ?? [])[0];
    await gql(
      'mutation ($input: CreateStaffInput!) { createStaff(input: $input) { id } }',
      {
        input: {
          username: 'e2e-village',
          displayName: '浏览器测试村居员',
          role: 'VILLAGE_OPERATOR',
          regionCode: village.code,
          password: 'village-e2e-2026!',
        },
      },
      login.token,
    );
    await signInAfresh('e2e-village', 'village-e2e-2026!');
    await page.locator('[data-test="menu-offline-gifts/new"]').click();
    await page.waitForURL(/\/admin\/offline-gifts\/new$/);
    await page.locator('[data-test=gift-handler]').waitFor();
    expect(await page.locator('[data-test=gift-handler]').innerText()).toContain('浏览器测试村居员');
    await page.locator('[data-test=gift-campaign]').click();
    await page.locator('[data-test=gift-campaign-cixin-yiri-juan-2026]').waitFor();
    await shot('9g-offline-gift-village');
    expect(problems).toEqual([]);
  });

  /** A donor's gift paid at the WeChat stand-in, so the campaign holds money to pay out. */
  async function paidGift(campaignSlug: string, amountFen: number): Promise<void> {
    const query = new URLSearchParams({
      appid: 'wxshanchoudemo01',
      redirect_uri: `${baseUrl}/h5/`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'e2e',
      openid: 'oConsoleGates01',
    });
    const authorize = await fetch(`${baseUrl}/wechat-sim/connect/oauth2/authorize?${query}`, { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const { wechatLogin } = await gql<{ wechatLogin: { token: string } }>(
      'mutation ($c: String!) { wechatLogin(code: $c) { token } }',
      { c: code },
    );
    const { campaign } = await gql<{ campaign: { id: string } }>('query ($s: String!) { campaign(slug: $s) { id } }', {
      s: campaignSlug,
    });
    const { createDonation } = await gql<{ createDonation: { donation: { receiptNo: string } } }>(
      'mutation ($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
      { input: { campaignId: campaign.id, amountFen } },
      wechatLogin.token,
    );
    const receiptNo = createDonation.donation.receiptNo;
    expect((await fetch(`${baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' })).ok).toBe(true);
    await expect
      .poll(
        async () =>
          (
            await gql<{ donation: { status: string } }>(
              'query ($r: String!) { donation(receiptNo: $r) { status } }',
              { r: receiptNo },
              wechatLogin.token,
            )
          ).donation.status,
        { timeout: 10_000 },
      )
      .toBe('PAID');
  }

  it('takes a fund request through all six gates in the browser, ending in a DISBURSEMENT in the public ledger', async () => {
    await paidGift('cixin-yiri-juan-2026', 500);
    const { login } = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    );
    await gql(
      'mutation ($input: CreateStaffInput!) { createStaff(input: $input) { id } }',
      {
        input: {
          username: 'e2e-approver',
          displayName: '浏览器测试审批人',
          role: 'DISTRICT_ADMIN',
          regionCode: '370404',
          password: 'approve-e2e-2026!',
        },
      },
      login.token,
    );

    await signInAfresh('demo-district', 'demo123456');
    await open('/fund-requests');
    await page.locator('[data-test=write-file-fund-request]').click();
    await page.waitForURL(/\/admin\/fund-requests\/new$/);
    await page.locator('[data-test=fund-campaign]').click();
    await page.locator('[data-test=fund-campaign-cixin-yiri-juan-2026]').click();
    await page.locator('[data-test=fund-title]').fill('浏览器测试课桌采购');
    await page.locator('[data-test=fund-amount]').fill('1.5');
    await page.locator('[data-test=fund-purpose]').fill('为古邵镇中心小学采购课桌');
    await page
      .locator('[data-test=fund-attachments-input]')
      .setInputFiles({ name: 'budget.png', mimeType: 'image/png', buffer: await png('#27ae60') });
    await page.locator('[data-test=fund-attachments-item]').waitFor();
    await page.locator('[data-test=form-submit]').click();
    await page.waitForURL((url) => /\/admin\/fund-requests\/(?!new$)[^/]+$/.test(url.pathname));
    const detailUrl = page.url();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('已上报');

    // 评议
    await page.locator('[data-test=gate-review] [data-test=gate-note]').fill('预算合理，同意');
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('已评议');
    // 公示, 1 day
    await page.locator('[data-test=gate-days] input').fill('1');
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('公示中');
    expect(await page.locator('[data-test=fund-history]').innerText()).toMatch(/上报[\s\S]*评议[\s\S]*公示/);
    await shot('13-fund-request-publicized');
    // The filer and reviewer cannot approve it.
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect
      .poll(() => page.locator('[data-test=gate-approve] [role=alert]').innerText())
      .toContain('另一位区管理员');

    const { fundRequestNotices } = await gql<{ fundRequestNotices: { title: string; supervisionPhone: string }[] }>(
      '{ fundRequestNotices { title supervisionPhone } }',
      {},
    );
    expect(fundRequestNotices.map((n) => n.title)).toContain('浏览器测试课桌采购');

    // A second district admin approves once the notice has run its day (2 s: FUNDS_NOTICE_DAY_SECONDS).
    const requestId = new URL(detailUrl).pathname.split('/').pop()!;
    const { fundRequest } = await gql<{ fundRequest: { publicUntil: string } }>(
      'query ($id: ID!) { fundRequest(fundRequestId: $id) { publicUntil } }',
      { id: requestId },
      login.token,
    );
    await page.waitForTimeout(Math.max(0, Date.parse(fundRequest.publicUntil) - Date.now()) + 300);
    await signInAfresh('e2e-approver', 'approve-e2e-2026!');
    await page.goto(detailUrl);
    await page.locator('[data-test=gate-approve] [data-test=gate-note]').fill('公示期内无异议，同意');
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('已审批');
    await shot('14-fund-request-approved');

    // 报账: the payee, the voucher and the invoice; the DISBURSEMENT goes to the ledger.
    await page.locator('[data-test=gate-payee]').fill('古邵镇中心小学');
    await page.locator('[data-test=gate-payee-kind]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '单位' }).first().click();
    await page.locator('[data-test=gate-voucher]').fill('记-2026-12-0001');
    await page
      .locator('[data-test=gate-files-input]')
      .setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: await png('#2980b9') });
    await page.locator('[data-test=gate-files-item]').waitFor();
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('已报账');

    // 验收, with a photo.
    await page.locator('[data-test=gate-accept] [data-test=gate-note]').fill('课桌 40 套已到校，验收合格');
    await page
      .locator('[data-test=gate-files-input]')
      .setInputFiles({ name: 'desks.png', mimeType: 'image/png', buffer: await png('#8e44ad') });
    await page.locator('[data-test=gate-files-item]').waitFor();
    await page.locator('[data-test=form-submit]').click();
    await confirmBox();
    await expect.poll(() => page.locator('[data-test=fund-status]').innerText()).toContain('已验收');
    expect(await page.locator('[data-test=fund-history]').innerText()).toMatch(
      /上报[\s\S]*评议[\s\S]*公示[\s\S]*审批[\s\S]*报账[\s\S]*验收/,
    );
    await shot('15-fund-request-accepted');

    // The public ledger holds the DISBURSEMENT once the sequencer has integrated it (within 1 s).
    await expect
      .poll(
        async () =>
          (
            await gql<{ fundRequest: { ledgerSeq: number | null } }>(
              'query ($id: ID!) { fundRequest(fundRequestId: $id) { ledgerSeq } }',
              { id: requestId },
              login.token,
            )
          ).fundRequest.ledgerSeq,
        { timeout: 10_000 },
      )
      .toEqual(expect.any(Number));
    const { fundRequest: done } = await gql<{ fundRequest: { ledgerSeq: number } }>(
      'query ($id: ID!) { fundRequest(fundRequestId: $id) { ledgerSeq } }',
      { id: requestId },
      login.token,
    );
    const { ledger } = await gql<{
      ledger: { entries: { seq: number; kind: string; amountFen: number; memo: string }[] };
    }>('query ($after: Int) { ledger(after: $after, first: 1) { entries { seq kind amountFen memo } } }', {
      after: done.ledgerSeq - 1,
    });
    expect(ledger.entries[0]).toMatchObject({ seq: done.ledgerSeq, kind: 'DISBURSEMENT', amountFen: -150 });
    expect(ledger.entries[0].memo).toContain('古邵镇中心小学');
    expect(problems).toEqual([]);
  });
});
