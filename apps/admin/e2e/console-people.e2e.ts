import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_PATH } from '../../../test/support/test-env';

const RESULTS = path.resolve(import.meta.dirname, '../../../test-results');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

interface RegionNode {
  code: string;
  name: string;
  level: string;
  children?: RegionNode[];
}

/**
 * The console's people and data pages in the browser: the district admin creates a staff member
 * and changes their role and region (read back through staffList), binds and unbinds their own
 * WeChat through the stand-in's authorise page, and downloads the donations export as .xlsx,
 * opened with exceljs. Screenshots go to test-results/console-people-*.png.
 */
describe('district console: staff, WeChat binding, exports', () => {
  const baseUrl = inject('baseUrl');
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let downloads: string;
  const problems: string[] = [];

  beforeAll(async () => {
    profile = mkdtempSync(path.join(tmpdir(), 'shanchou-console-people-'));
    downloads = mkdtempSync(path.join(tmpdir(), 'shanchou-console-downloads-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
      downloadsPath: downloads,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (downloads) rmSync(downloads, { recursive: true, force: true });
  });

  async function shot(name: string): Promise<void> {
    mkdirSync(RESULTS, { recursive: true });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(RESULTS, `console-people-${name}.png`), fullPage: true });
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

  async function open(pathname: string): Promise<void> {
    await page.goto(`${baseUrl}/admin${pathname}`);
    await page.locator('[data-test=who]').waitFor();
    await page.locator('.el-card').first().waitFor();
    await page.waitForLoadState('networkidle');
  }

  /** Picks a region in the visible dialog's cascader by typing its name (the cascader filters). */
  async function pickRegion(dialog: ReturnType<Page['locator']>, name: string, pathText: string): Promise<void> {
    const input = dialog.locator('.el-cascader input').first();
    await input.click();
    await input.fill(name);
    await page.locator('.el-cascader__suggestion-item', { hasText: pathText }).first().click();
  }

  async function pickOption(trigger: ReturnType<Page['locator']>, label: string): Promise<void> {
    await trigger.click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
  }

  const username = `e2e-staff-${Date.now().toString(36)}`;

  it('creates a village operator, then makes them the operator of its town after a confirmation', async () => {
    const { region } = await gql<{ region: RegionNode }>(
      'query ($code: String!) { region(code: $code) { code name level children { code name level children { code name level } } } }',
      { code: '370404' },
    );
    const town = region.children!.find((t) => (t.children ?? []).length > 0)!;
    const village = town.children![0];

    await page.goto(`${baseUrl}/admin/`);
    await page.waitForURL(/\/admin\/login/);
    await page.locator('input[name=username]').fill('demo-district');
    await page.locator('input[name=password]').fill('demo123456');
    await page.locator('[data-test=form-submit]').click();
    await page.locator('[data-test=who]').waitFor();

    await open('/staff');
    await page.locator('[data-test=write-new-staff]').click();
    const create = page.locator('.el-dialog:visible');
    await create.locator('input[name=new-username]').fill(username);
    await create.locator('input[name=new-display-name]').fill('浏览器测试村居员');
    await pickRegion(create, village.name, village.name);
    await create.locator('input[name=new-password]').fill('Ezhou-e2e-2026!');
    await create.locator('[data-test=form-submit]').click();
    await page.locator('.el-dialog:visible').waitFor({ state: 'hidden' });

    await page.locator('input[data-test=table-search], [data-test=table-search] input').first().fill(username);
    await page.locator('[data-test=table-search-submit]').click();
    const row = page.locator('.el-table__row', { hasText: username });
    await expect.poll(() => row.innerText()).toContain('村居操作员');
    await row.locator('[data-test=write-edit-staff]').click();
    const edit = page.locator('.el-dialog:visible');
    await pickOption(edit.locator('[data-test=edit-staff-role]'), '镇街操作员');
    await pickRegion(edit, town.name, town.name);
    await shot('1-staff-edit');
    await edit.locator('[data-test=form-submit]').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toContain('角色从「村居操作员」改为「镇街操作员」');
    await shot('2-staff-role-confirm');
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-dialog:visible').waitFor({ state: 'hidden' });
    await expect.poll(() => row.innerText()).toContain('镇街操作员');
    await shot('3-staff');

    const login = await gql<{ login: { token: string } }>(
      'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
      { u: 'demo-district', p: 'demo123456' },
    );
    const { staffList } = await gql<{ staffList: { username: string; role: string; region: { code: string } }[] }>(
      'query { staffList(regionCode: "370404") { username role region { code } } }',
      {},
      login.login.token,
    );
    expect(staffList.find((s) => s.username === username)).toEqual({
      username,
      role: 'TOWN_OPERATOR',
      region: { code: town.code },
    });
    expect(problems).toEqual([]);
  });

  it('binds the signed-in member’s WeChat through the authorise page, then unbinds it', async () => {
    await open('/account');
    await expect.poll(() => page.locator('[data-test=wechat-bound]').innerText()).toContain('未绑定');
    const bound = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('ConsoleBindMyWechat'),
    );
    await page.locator('[data-test=bind-wechat]').click();
    // Out to the stand-in's authorise page and back to 我的账号 with a code.
    await bound;
    await page.waitForLoadState('networkidle');
    const alert = page.locator('.el-alert');
    if ((await alert.count()) > 0) throw new Error(`binding refused: ${await alert.first().innerText()}`);
    await expect.poll(() => page.locator('[data-test=wechat-bound]').innerText()).toContain('已绑定');
    expect(page.url()).not.toContain('code=');
    await shot('4-account-bound');
    await page.locator('[data-test=unbind-wechat]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expect.poll(() => page.locator('[data-test=wechat-bound]').innerText()).toContain('未绑定');
    expect(problems).toEqual([]);
  });

  it('downloads the donations export as .xlsx; exceljs finds the heading 收据号', async () => {
    await open('/exports');
    await shot('5-exports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=download-donations-xlsx]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^donations.*\.xlsx$/);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const headings: string[] = [];
    book.worksheets[0].getRow(1).eachCell((cell) => headings.push(String(cell.text)));
    expect(headings).toContain('收据号');
    expect(problems).toEqual([]);
  });

  it('shows the other new pages (screenshots)', async () => {
    await open('/organizations');
    await page.locator('[data-test=roster]').first().click();
    await page.locator('[data-test=roster-table]').waitFor();
    await page.waitForLoadState('networkidle');
    await shot('6-organization-roster');
    await page.keyboard.press('Escape');
    await open('/reconciliation');
    await shot('7-reconciliation');
    await open('/events');
    await page.locator('[data-test=write-new-event]').click();
    await page.locator('[data-test=event-form]').waitFor();
    await shot('8-event-new');
    await page.keyboard.press('Escape');
    await open('/households');
    await shot('9-households');
    expect(problems).toEqual([]);
  });
});
