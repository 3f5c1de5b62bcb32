import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_PATH } from '../../../test/support/test-env';

const RESULTS = path.resolve(import.meta.dirname, '../../../test-results');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const CAMPAIGN_SLUG = 'cixin-yiri-juan-2026';
const CAMPAIGN_TITLE = '2026年慈心一日捐';
const BANK = '中国农业银行峄城支行';
const LINE_COUNT = 120;
/** 职工001,200 … 职工120,319: 120 × 200 + (0 + … + 119) = 31,140 元. */
const TOTAL_FEN = 3_114_000;

/** "31,140.00" as the console writes yuan, back in fen. */
const fenOf = (text: string): number => Math.round(Number(text.trim().replace(/,/g, '')) * 100);

/**
 * 慈心一日捐 remitted by a work unit for 120 staff, as the district would handle it in the console:
 * the demo district admin records the bank transfer with its voucher and pastes the unit's list;
 * above the threshold it waits (待复核) until a second district admin, in a browser of their own,
 * confirms it; its 120 gifts, the campaign's raised total and the unit's place in 参与情况 follow;
 * the bank's statement, imported on 银行流水对账, matches it; and the unit's 捐赠票据 is asked for.
 * Screenshots go to test-results/console-remittance-*.png.
 */
describe('district console: a work unit’s remittance of 120 staff lines', () => {
  const baseUrl = inject('baseUrl');
  const stamp = Date.now().toString(36);
  const reference = `E2E-CZJ-${stamp}`;
  // The console's 组织 page edits organisations but makes none: a fresh one, so the ranking counts only this remittance.
  const unitName = `峄城区浏览器测试局${stamp}`;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let scratch: string;
  const problems: string[] = [];
  let token: string;
  let remittanceUrl: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
    scratch = mkdtempSync(path.join(tmpdir(), 'shanchou-console-remittance-'));
    ({
      login: { token },
    } = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    ));
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function gql<T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  /** A browser of its own (no one signed in), its page's errors and failed requests recorded. */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(RESULTS, { recursive: true });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(RESULTS, `console-remittance-${name}.png`), fullPage: true });
  }

  async function signIn(page: Page, username: string, password: string): Promise<void> {
    await page.goto(`${baseUrl}/admin/`);
    await page.waitForURL(/\/admin\/login/);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.locator('[data-test=form-submit]').click();
    await page.locator('[data-test=who]').waitFor();
  }

  async function open(page: Page, pathname: string): Promise<void> {
    await page.goto(`${baseUrl}/admin${pathname}`);
    await page.locator('[data-test=who]').waitFor();
    await page.locator('.el-card').first().waitFor();
    await page.waitForLoadState('networkidle');
  }

  /** An Element Plus select's option, in the one dropdown open. */
  async function choose(page: Page, select: string, option: string): Promise<void> {
    await page.locator(select).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  }

  async function confirmBox(page: Page): Promise<void> {
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message-box').waitFor({ state: 'hidden' });
  }

  /** 已筹（元） on the campaign's page, in fen. */
  async function raisedOnPage(page: Page): Promise<number> {
    await open(page, `/campaigns/${CAMPAIGN_SLUG}`);
    const cell = page
      .locator('.el-descriptions__label', { hasText: '已筹（元）' })
      .locator('xpath=following-sibling::td[1]');
    return fenOf(await cell.innerText());
  }

  it('records the transfer with its voucher and 120 pasted lines; above the threshold it waits for 复核', async () => {
    await gql(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
      { input: { kind: 'WORK_UNIT', name: unitName, regionCode: '370404' } },
      token,
    );
    const page = await freshPage();
    await signIn(page, 'demo-district', 'demo123456');
    const raisedBefore = await raisedOnPage(page);

    await open(page, '/remittances/new');
    await choose(page, '[data-test=remittance-campaign]', CAMPAIGN_TITLE);
    await page.locator('[data-test=remittance-organization]').click();
    await page.locator('[data-test=remittance-organization] input').fill(unitName);
    await page.locator('.el-select-dropdown__item:visible', { hasText: unitName }).click();
    // A bank transfer received today is what the form starts with.
    expect(await page.locator('[data-test=remittance-channel]').innerText()).toContain('银行转账');
    // The date picker keeps no data-test of its own: the form's only one.
    expect(await page.locator('.el-date-editor input').inputValue()).toBe(today);
    await page.locator('[data-test=remittance-reference]').fill(reference);
    await page.locator('[data-test=remittance-amount]').fill('31140');
    const voucher = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#16a085' } })
      .png()
      .toBuffer();
    await page
      .locator('[data-test=remittance-voucher-input]')
      .setInputFiles({ name: 'huidan.png', mimeType: 'image/png', buffer: voucher });
    await page.locator('[data-test=remittance-voucher-item]').waitFor();

    const list = Array.from({ length: LINE_COUNT }, (_, i) => `职工${String(i + 1).padStart(3, '0')},${200 + i}`).join(
      '\n',
    );
    await page.locator('[data-test=line-paste]').click();
    await page.locator('[data-test=paste-text]').fill(list);
    await page.locator('[data-test=paste-take]').click();
    await expect
      .poll(() => page.locator('[data-test=lines-total]').innerText())
      .toMatch(/共 120 行，合计 31,140\.00 元\s*· 与汇款金额一致/);
    expect(await page.locator('[data-test=line-name-119]').inputValue()).toBe('职工120');
    expect(await page.locator('[data-test=line-amount-119]').inputValue()).toBe('319');
    await shot(page, '1-new');

    await page.locator('[data-test=form-submit]').click();
    await page.waitForURL((url) => /\/admin\/remittances\/(?!new$)[^/]+$/.test(url.pathname));
    remittanceUrl = page.url();
    await expect.poll(() => page.locator('[data-test=remittance-status]').innerText()).toBe('待复核');
    expect(await page.locator('[data-test=remittance-amount]').innerText()).toBe('31,140.00');
    expect(await page.locator('[data-test=remittance-lines] tbody tr').count()).toBe(LINE_COUNT);
    // The one who recorded it cannot confirm it, and nothing is counted yet.
    expect(await page.locator('[data-test=write-confirm-remittance]').count()).toBe(0);
    expect(await page.locator('[data-test=remittance-gifts]').count()).toBe(0);
    expect(await raisedOnPage(page)).toBe(raisedBefore);

    // 复核确认 by a second district admin, signed in in a browser of their own.
    await gql(
      'mutation ($input: CreateStaffInput!) { createStaff(input: $input) { id } }',
      {
        input: {
          username: `e2e-checker-${stamp}`,
          displayName: '浏览器测试复核人',
          role: 'DISTRICT_ADMIN',
          regionCode: '370404',
          password: 'checker-e2e-2026!',
        },
      },
      token,
    );
    const checker = await freshPage();
    await signIn(checker, `e2e-checker-${stamp}`, 'checker-e2e-2026!');
    await checker.goto(remittanceUrl);
    await expect.poll(() => checker.locator('[data-test=remittance-status]').innerText()).toBe('待复核');
    await checker.locator('[data-test=write-confirm-remittance]').click();
    expect(await checker.locator('.el-message-box').innerText()).toContain('31,140.00 元，120 行');
    await confirmBox(checker);
    await expect.poll(() => checker.locator('[data-test=remittance-status]').innerText()).toBe('已确认');
    const gifts = checker.locator('[data-test=remittance-gifts] tbody tr');
    expect(await gifts.count()).toBe(LINE_COUNT);
    const giftAmounts = await checker.locator('[data-test=remittance-gifts] tbody tr td:nth-child(2)').allInnerTexts();
    expect(giftAmounts.reduce((sum, text) => sum + fenOf(text), 0)).toBe(TOTAL_FEN);
    await shot(checker, '2-confirmed');

    // The campaign's raised total, on its page, has the 31,140 元.
    await expect.poll(() => raisedOnPage(page), { timeout: 10_000 }).toBe(raisedBefore + TOTAL_FEN);

    // 参与情况: the unit with its 120 participants.
    await open(page, '/participation');
    await choose(page, '[data-test=participation-campaign]', CAMPAIGN_TITLE);
    await page.locator('[data-test=table-search]').fill(unitName);
    await page.locator('[data-test=table-search-submit]').click();
    const standing = page.locator('[data-test=table] tbody tr', { hasText: unitName });
    await expect.poll(() => standing.count()).toBe(1);
    const cells = await standing.locator('td').allInnerTexts();
    // 名次, 单位, 类型, 捐款人数, 花名册人数, 参与率, 捐款笔数, 金额（元）
    expect(cells.slice(1).map((c) => c.trim())).toEqual([unitName, '单位', '120', '未导入', '—', '120', '31,140.00']);
    await shot(page, '3-participation');
    expect(problems).toEqual([]);
  });

  it('matches the transfer on the imported bank statement and asks for the unit’s 捐赠票据', async () => {
    const page = await freshPage();
    await signIn(page, 'demo-district', 'demo123456');
    await open(page, '/bank-statements');
    const saved = page.locator('[data-test=mappings] tbody tr', { hasText: BANK });
    if ((await saved.count()) === 0) {
      await page.locator('[data-test=write-new-mapping]').click();
      await page.locator('[data-test=mapping-bank]').fill(BANK);
      await page.locator('[data-test=mapping-date]').fill('交易日期');
      await page.locator('[data-test=mapping-kind-credit]').click();
      await page.locator('[data-test=mapping-credit]').fill('贷方发生额');
      await page.locator('[data-test=mapping-reference]').fill('摘要');
      await page.locator('[data-test=mapping-counterparty]').fill('对方户名');
      await page.locator('[data-test=mapping-serial]').fill('交易流水号');
      await page.locator('[data-test=mapping-form] [data-test=form-submit]').click();
      await page.locator('[data-test=mapping-form]').waitFor({ state: 'hidden' });
    }
    await expect.poll(() => saved.innerText()).toContain('收入单列：「贷方发生额」');
    await choose(page, '[data-test=import-bank]', BANK);

    const statement = path.join(scratch, 'duizhangdan.csv');
    writeFileSync(
      statement,
      ['交易日期,交易流水号,贷方发生额,对方户名,摘要', `${today},${reference},"31,140.00",${unitName},慈心一日捐`].join(
        '\r\n',
      ),
    );
    await page.locator('[data-test=import-file]').setInputFiles(statement);
    await page.locator('[data-test=result]').waitFor();
    expect(await page.locator('[data-test=result-lines]').innerText()).toBe('1 笔');
    const match = page.locator('[data-test=matched] tbody tr', { hasText: reference });
    expect(await match.count()).toBe(1);
    expect(await match.innerText()).toContain('31,140.00');
    expect(await match.innerText()).toContain(unitName);
    expect(await match.locator('a', { hasText: reference }).getAttribute('href')).toBe(new URL(remittanceUrl).pathname);
    await shot(page, '4-bank-statement');

    // 申请捐赠票据 for the whole remittance, from the matched line's link.
    await match.locator('a', { hasText: reference }).click();
    await page.waitForURL(remittanceUrl);
    await page.locator('[data-test=write-request-receipt]').click();
    expect(await page.locator('[data-test=request-receipt-title]').inputValue()).toBe(unitName);
    await page.locator('[data-test=request-receipt-form] [data-test=form-submit]').click();
    await expect.poll(() => page.locator('[data-test=remittance-receipt-status]').innerText()).toBe('待开具');
    expect(await page.locator('[data-test=remittance-receipt]').innerText()).toContain(`抬头 ${unitName}`);
    expect(await page.locator('[data-test=write-request-receipt]').count()).toBe(0);
    await shot(page, '5-receipt-requested');
    expect(problems).toEqual([]);
  });
});
