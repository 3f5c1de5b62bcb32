import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoHorizontalScroll, openPhone, screenshot, type Phone } from './browser';

/** Staff on a phone: the district centre's overview with its charts. */
describe('staff', () => {
  const baseUrl = inject('baseUrl');
  let phone: Phone;

  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(async () => {
    await phone?.close();
  });

  async function signIn(username: string): Promise<void> {
    const { page } = phone;
    await page.goto(`${baseUrl}/h5/staff/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill('demo123456');
    await page.getByRole('button', { name: '登录' }).click();
  }

  it('the district admin sees money raised and outreach by town, with charts', async () => {
    const { page } = phone;
    await signIn('demo-district');
    await page.waitForURL(/\/h5\/staff$/);
    await page.getByText('数据总览').click();
    await page.waitForURL(/\/h5\/admin$/);
    await page.locator('[data-test=overview-kpis]').waitFor();
    expect(await page.locator('[data-test=town-row]').count()).toBe(7);
    // ECharts draws on a canvas once its chunk has loaded.
    await page.locator('.chart canvas').first().waitFor();
    await expectNoHorizontalScroll(page, 'the overview');
    await screenshot(page, 'staff-1-overview');
    await page.getByRole('tab', { name: '下乡活动' }).click();
    await page.locator('[data-test=outreach-kpis]').waitFor();
    expect(await page.locator('[data-test=outreach-kpis]').innerText()).toContain('登记志愿者');
    await expectNoHorizontalScroll(page, 'the outreach overview');
    await screenshot(page, 'staff-2-outreach-overview');
    expect(phone.problems).toEqual([]);
  });
});
