import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoHorizontalScroll, openPhone, screenshot, type Phone } from './browser';

/** A donor on a phone: 慈心一日捐 through the stand-in's pay sheet, the certificate, the verified ledger entry. */
describe('a donor gives to 慈心一日捐', () => {
  const baseUrl = inject('baseUrl');
  let phone: Phone;

  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('signs in through WeChat, pays at the stand-in, gets the certificate and sees the gift verified', async () => {
    const { page } = phone;
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(`${baseUrl}/h5/`);
    const card = page.locator('[data-test=campaign-card]', { hasText: '慈心一日捐' });
    await card.waitFor();
    await expectNoHorizontalScroll(page, 'the campaign list');
    await screenshot(page, 'donor-1-campaigns');
    await card.click();

    await page.getByText('项目介绍').waitFor();
    await expectNoHorizontalScroll(page, 'the campaign page');
    await screenshot(page, 'donor-2-campaign');
    await page.locator('[data-test=donate]').click();

    // Not signed in: to WeChat's authorise page (the stand-in), back with a code, on to the form.
    await page.waitForURL(/\/h5\/campaigns\/cixin-yiri-juan-2026\/donate$/);
    await page.locator('[data-test=amount-option]', { hasText: '50 元' }).click();
    await page.locator('[data-test=message] textarea').fill('祝乡亲们日子越过越红火');
    await page.locator('[data-test=org-picker]').click();
    await page.locator('[data-test=org-search] input').fill('民政');
    await page.locator('[data-test=org-option]', { hasText: '峄城区民政局' }).click();
    await expect.poll(() => page.locator('[data-test=org-picker]').innerText()).toContain('峄城区民政局');
    await expectNoHorizontalScroll(page, 'the donate form');
    await screenshot(page, 'donor-3-donate');
    await page.locator('[data-test=pay]').click();

    const sheet = page.locator('[data-test=pay-sheet]');
    await sheet.waitFor();
    expect(await sheet.innerText()).toContain('50.00');
    await screenshot(page, 'donor-4-pay-sheet');
    await page.locator('[data-test=sim-pay]').click();

    // PAID only once WeChat Pay's notification reached the server.
    await page.waitForURL(/\/h5\/donations\/[\w-]+$/);
    const receiptNo = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator('[data-test=paid]').waitFor({ timeout: 30_000 });
    const result = await page.locator('main').innerText();
    expect(result).toContain('2026年慈心一日捐');
    expect(result).toContain('50.00');
    expect(result).toContain('峄城区民政局');
    await expectNoHorizontalScroll(page, 'the result page');
    await screenshot(page, 'donor-5-paid');

    await page.locator('[data-test=to-certificate]').click();
    const certificate = page.locator('[data-test=certificate-image]');
    await certificate.waitFor();
    const size = await certificate.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
    expect(size).toEqual({ w: 1500, h: 2240 });
    expect(await certificate.getAttribute('alt')).toContain('50.00 元');
    expect(await certificate.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await expectNoHorizontalScroll(page, 'the certificate');
    await screenshot(page, 'donor-6-certificate');

    await page.getByRole('button', { name: '在公开账本中核验' }).click();
    await page.locator('[data-test=verified]').waitFor({ timeout: 30_000 });
    for (const check of ['fields', 'leafHash', 'inclusion', 'signature'])
      expect(await page.locator(`[data-test=check-${check}]`).getAttribute('class')).toBe('pass');
    const verified = await page.locator('main').innerText();
    expect(verified).toContain('已验证');
    expect(verified).toContain('50.00');
    await expectNoHorizontalScroll(page, 'the verification');
    await screenshot(page, 'donor-7-verified');

    await page.goto(`${baseUrl}/h5/ledger`);
    const entry = page.locator('[data-test=ledger-entry]').first();
    await entry.waitFor();
    expect(await entry.innerText()).toContain('50.00');
    await expectNoHorizontalScroll(page, 'the public ledger');
    await screenshot(page, 'donor-8-ledger');

    await page.goto(`${baseUrl}/h5/me/donations`);
    const mine = page.locator('[data-test=my-donation]', { hasText: receiptNo });
    await mine.waitFor();
    expect(await mine.innerText()).toContain('已支付');
    await expectNoHorizontalScroll(page, 'my donations');

    expect(phone.problems).toEqual([]);
  });
});

describe('inside WeChat', () => {
  const baseUrl = inject('baseUrl');
  let phone: Phone;

  beforeAll(async () => {
    // WeChat's browser: its user agent, and the bridge it injects. Paying there is WeChat's own
    // sheet; this one asks the stand-in to pay, as the user would, then answers as WeChat does.
    phone = await openPhone({
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701 NetType/WIFI Language/zh_CN',
    });
    await phone.context.addInitScript(() => {
      const calls: unknown[] = [];
      Object.assign(window, {
        __payCalls: calls,
        WeixinJSBridge: {
          invoke(name: string, params: { package: string }, callback: (res: { err_msg: string }) => void) {
            calls.push({ name, params });
            const receiptNo = sessionStorage.getItem('test.receiptNo');
            void fetch(`/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' }).then(() =>
              callback({ err_msg: 'get_brand_wcpay_request:ok' }),
            );
          },
        },
      });
    });
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('gives the fixed 1 yuan of 一元爱心党费 through getBrandWCPayRequest', async () => {
    const { page } = phone;
    // The receipt number is only known once the order exists: the fake bridge reads it from here.
    await page.route('**/graphql', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { data?: { createDonation?: { donation: { receiptNo: string } } } };
      const receiptNo = body.data?.createDonation?.donation.receiptNo;
      if (receiptNo) await page.evaluate((r) => sessionStorage.setItem('test.receiptNo', r), receiptNo);
      await route.fulfill({ response, json: body });
    });
    await page.goto(`${baseUrl}/h5/campaigns/yiyuan-aixin-dangfei/donate`);
    await page.locator('[data-test=fixed-amount]').waitFor();
    expect(await page.locator('[data-test=fixed-amount]').innerText()).toContain('¥1.00');
    expect(await page.locator('[data-test=amount-option]').count()).toBe(0);
    // Inside WeChat the page brings no title bar of its own.
    expect(await page.locator('.van-nav-bar').count()).toBe(0);
    await page.locator('[data-test=pay]').click();
    await page.locator('[data-test=paid]').waitFor({ timeout: 30_000 });
    const calls = await page.evaluate(() => (window as unknown as { __payCalls: { name: string }[] }).__payCalls);
    expect(calls.map((c) => c.name)).toEqual(['getBrandWCPayRequest']);
    expect(await page.locator('main').innerText()).toContain('一元爱心党费');
    await screenshot(page, 'donor-9-wechat-party-dues');
    expect(phone.problems).toEqual([]);
  });
});
