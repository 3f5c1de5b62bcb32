import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoHorizontalScroll, openPhone, screenshot, type Phone } from './browser';

/**
 * Staff on a phone: goods registered by typing a donor's offer code, disinfected and packed at a
 * transfer centre, followed by the donor; the district centre's overview with its charts.
 */
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

  it('registers goods by manual code entry, disinfects, packs and delivers them; the donor follows them', async () => {
    const { page } = phone;
    // A donor says what they will bring to 坛山街道周转中心, and gets an offer code (OF-…).
    await page.goto(`${baseUrl}/h5/goods/offer`);
    await page.locator('[data-test=offer-description]').waitFor();
    await page.locator('[data-test=offer-description] input').fill('八成新棉衣，成人款');
    await page.locator('select[aria-label=服务站]').selectOption({ label: '坛山街道周转中心' });
    await page.getByRole('button', { name: /^提交/ }).click();
    const offered = page.locator('[data-test=offer-made]');
    await offered.waitFor();
    const offerCode = /OF-[0-9A-Z-]+/.exec(await offered.innerText())![0];
    await expectNoHorizontalScroll(page, 'the offer');
    await screenshot(page, 'goods-1-offer');

    // At the centre: the staff member types the offer code; only registering is offered.
    await signIn('demo-town');
    await page.waitForURL(/\/h5\/staff$/);
    await page.goto(`${baseUrl}/h5/staff/scan`);
    await page.locator('[data-test=manual-code] input').fill(offerCode);
    await page.locator('[data-test=manual-code-submit]').click();
    await page.locator('[data-test=scan-result]').waitFor();
    expect(
      await page.locator('[data-test^=action-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test'))),
    ).toEqual(['action-REGISTER_ITEM']);
    await page.locator('[data-test=action-REGISTER_ITEM]').click();
    await page.waitForURL(/\/h5\/staff\/register/);
    // The form is filled in from the offer.
    await expect.poll(() => page.locator('[data-test=reg-description] input').inputValue()).toBe('八成新棉衣，成人款');
    await expectNoHorizontalScroll(page, 'the registration form');
    await page.locator('[data-test=reg-submit]').click();
    const itemCode = (await page.locator('[data-test=registered-code]').innerText()).trim();
    expect(itemCode).toMatch(/^IT-/);
    await screenshot(page, 'goods-2-registered');

    // Disinfect: the item's code typed in, and the steps the server allows for it here.
    await page.goto(`${baseUrl}/h5/staff/scan`);
    await page.locator('[data-test=manual-code] input').fill(itemCode.toLowerCase());
    await page.locator('[data-test=manual-code-submit]').click();
    await page.locator('[data-test=scan-result]').waitFor();
    expect(await page.locator('[data-test=item-status]').innerText()).toContain('已登记');
    await page.locator('[data-test=action-DISINFECT]').click();
    await page.locator('[data-test=confirm-disinfect]').click();
    await expect.poll(() => page.locator('[data-test=item-status]').innerText()).toContain('已消毒');
    expect(await page.locator('[data-test=action-PACK]').count()).toBe(1);
    await expectNoHorizontalScroll(page, 'the scanner');
    await screenshot(page, 'goods-3-disinfected');

    // Pack it into a parcel.
    await page.locator('[data-test=action-PACK]').click();
    await page.waitForURL(/\/h5\/staff\/pack/);
    expect(await page.locator('[data-test=batch-code]').innerText()).toContain(itemCode);
    await page.locator('[data-test=pack]').click();
    const parcelCode = (await page.locator('[data-test=parcel-code]').innerText()).trim();
    expect(parcelCode).toMatch(/^PK-/);
    await expectNoHorizontalScroll(page, 'the packed parcel');
    await screenshot(page, 'goods-4-packed');

    // The label sheet comes from the API with the staff member's token.
    await page.getByRole('button', { name: '打印包裹标签' }).click();
    await page.locator('[data-test=label-sheet]').waitFor();
    expect(
      await page.locator('[data-test=label-sheet]').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);

    // Sent on to a community's distribution centre (配送中心), received there, and delivered.
    await page.goto(`${baseUrl}/h5/staff/scan?code=${parcelCode}`);
    await page.locator('[data-test=action-DISPATCH]').click();
    await page.getByRole('button', { name: '坛山社区配送中心' }).click();
    await expect.poll(() => page.locator('[data-test=parcel-status]').innerText()).toContain('运送中');
    await signIn('demo-village');
    await page.waitForURL(/\/h5\/staff$/);
    await page.goto(`${baseUrl}/h5/staff/scan`);
    await page.locator('[data-test=manual-code] input').fill(parcelCode);
    await page.locator('[data-test=manual-code-submit]').click();
    await page.locator('[data-test=action-RECEIVE]').click();
    await page.getByRole('dialog').getByRole('button', { name: '签收' }).click();
    await expect.poll(() => page.locator('[data-test=parcel-status]').innerText()).toContain('已签收');
    await page.locator('[data-test=action-DELIVER]').click();
    await page.waitForURL(/\/h5\/staff\/deliver/);
    await page.locator('[data-test=household]').first().click();
    await page.locator('[data-test=received-by] input').fill('王秀英');
    // The receiver signs with a finger.
    const pad = await page.locator('[data-test=signature] canvas').boundingBox();
    await page.mouse.move(pad!.x + 20, pad!.y + 80);
    await page.mouse.down();
    for (let x = 40; x < 220; x += 20) await page.mouse.move(pad!.x + x, pad!.y + 60 + ((x / 20) % 2) * 40);
    await page.mouse.up();
    await expectNoHorizontalScroll(page, 'the delivery form');
    await screenshot(page, 'goods-5-deliver');
    await page.locator('[data-test=deliver]').click();
    await page.locator('[data-test=delivered]').waitFor();

    // The donor follows the goods all the way to the household.
    await page.goto(`${baseUrl}/h5/goods/track?code=${itemCode}`);
    await page.locator('[data-test=goods-track]').waitFor();
    const steps = await page.locator('[data-test=goods-step]').allInnerTexts();
    expect(steps.map((s) => s.split('·')[0].trim())).toEqual(['发放到户', '签收', '发出', '打包', '消毒', '登记入库']);
    await expectNoHorizontalScroll(page, 'the goods track');
    await screenshot(page, 'goods-6-track');
    expect(phone.problems).toEqual([]);
  });

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
    await page.getByRole('tab', { name: '物资' }).click();
    await page.locator('[data-test=goods-kpis]').waitFor();
    // The goods registered above, at 坛山街道周转中心, are among what the district received.
    expect(Number((await page.locator('[data-test=goods-kpis] .big').first().innerText()).trim())).toBeGreaterThan(0);
    await expectNoHorizontalScroll(page, 'the goods overview');
    await screenshot(page, 'staff-2-goods-overview');
    await page.getByRole('tab', { name: '下乡活动' }).click();
    await page.locator('[data-test=outreach-kpis]').waitFor();
    expect(await page.locator('[data-test=outreach-kpis]').innerText()).toContain('登记志愿者');
    await expectNoHorizontalScroll(page, 'the outreach overview');
    await screenshot(page, 'staff-3-outreach-overview');
    expect(phone.problems).toEqual([]);
  });

  it.each(['demo-town', 'demo-village', 'demo-district'])(
    'the stock tab (库存) loads for %s, its items a page at a time',
    async (username) => {
      const { page } = phone;
      await signIn(username);
      await page.waitForURL(/\/h5\/staff$/);
      await page.goto(`${baseUrl}/h5/staff/stock`);
      await page.locator('[data-test=stock-lines]').waitFor();
      // The server answered every query the page sent: no error block in place of the stock.
      expect(await page.locator('[role=alert]').count()).toBe(0);
      await expectNoHorizontalScroll(page, `the stock of ${username}`);
      await screenshot(page, `staff-stock-${username}`);
      expect(phone.problems).toEqual([]);
    },
  );
});
