import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectNoHorizontalScroll, openPhone, screenshot, type Phone } from './browser';

/** A volunteer on a phone: finds an outreach event, registers, signs up, and sees it among their own. */
describe('a volunteer signs up for an event', () => {
  const baseUrl = inject('baseUrl');
  let phone: Phone;

  beforeAll(async () => {
    phone = await openPhone();
  });
  afterAll(async () => {
    await phone?.close();
  });

  it('registers as a volunteer on the way and gets a seat', async () => {
    const { page } = phone;
    await page.goto(`${baseUrl}/h5/outreach`);
    const card = page.locator('[data-test=event-card]').first();
    await card.waitFor();
    await expectNoHorizontalScroll(page, 'the events');
    await screenshot(page, 'volunteer-1-events');
    const title = (await card.locator('h3').innerText()).trim();
    await card.click();

    await page.getByRole('heading', { name: title }).waitFor();
    await expectNoHorizontalScroll(page, 'the event page');
    // Signing up asks for WeChat first, then for the volunteer's details.
    await page.locator('[data-test=sign-up]').click();
    await page.waitForURL(/\/h5\/outreach\/events\/[\w-]+$/);
    await page.locator('[data-test=sign-up]').click();
    await page.waitForURL(/\/h5\/outreach\/register/);
    await page.locator('[data-test=vol-name] input').fill('王志愿');
    await page.locator('[data-test=vol-phone] input').fill('13800001234');
    await page.getByText('义诊', { exact: true }).click();
    await expectNoHorizontalScroll(page, 'the volunteer form');
    await screenshot(page, 'volunteer-2-register');
    await page.locator('[data-test=vol-submit]').click();

    await page.waitForURL(/\/h5\/outreach\/events\/[\w-]+$/);
    await page.locator('[data-test=sign-up]').click();
    const mine = page.locator('[data-test=my-sign-up]');
    await mine.waitFor();
    expect(await mine.innerText()).toMatch(/已报名|候补中/);
    await expectNoHorizontalScroll(page, 'the event after signing up');
    await screenshot(page, 'volunteer-3-signed-up');

    await page.goto(`${baseUrl}/h5/outreach/me`);
    const row = page.locator('[data-test=my-sign-up-row]', { hasText: title });
    await row.waitFor();
    expect(await page.locator('[data-test=volunteer-profile]').innerText()).toContain('王志愿');
    await expectNoHorizontalScroll(page, 'my volunteer service');
    await screenshot(page, 'volunteer-4-mine');

    expect(phone.problems).toEqual([]);
  });
});
