import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Donation } from '../api/operations';
import { clearSession, saveSession } from '../session';
import { graphqlError, stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

const cash: Donation = {
  id: 'd1',
  receiptNo: 'SC2026120700000000000001',
  amountFen: 20_000,
  status: 'PAID',
  channel: 'CASH',
  paidAt: '2026-12-07T04:00:00.000Z',
  displayName: '王**',
  message: null,
  ledgerSeq: 41,
  campaign: { id: 'c1', slug: 'cixin-yiri-juan-2026', title: '2026年慈心一日捐', kind: 'ONE_DAY_PAY' },
  organization: null,
};

describe('绑定手机号', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const me = (phone: string | null) => () => ({ me: { staff: null, donor: { id: 'donor-1', nickname: null, phone } } });

  it('sends a code, shows the server’s words for a wrong one, then binds and says how many gifts it found', async () => {
    let wrong = true;
    const calls = stubServer({
      Me: me(null),
      SendMyPhoneCode: () => ({
        sendMyPhoneCode: { phone: '139****5678', expiresAt: new Date().toISOString(), resendAfterSeconds: 60 },
      }),
      VerifyMyPhone: () => {
        if (wrong) throw graphqlError('BAD_USER_INPUT', 'code: 验证码不正确，还可以再试 4 次', 'code');
        return { verifyMyPhone: { phone: '139****5678', verifiedAt: new Date().toISOString(), claimedDonations: 2 } };
      },
    });
    const { wrapper } = await openPage('/me/phone');
    await wrapper.get('[data-test=phone] input').setValue('139 1234 5678');
    await wrapper.get('[data-test=send-code]').trigger('click');
    await vi.waitFor(() =>
      expect(document.body.querySelector('[data-test=sent-to]')?.textContent).toContain('139****5678'),
    );
    expect(calls.find((c) => c.operation === 'SendMyPhoneCode')!.variables).toEqual({ phone: '13912345678' });
    expect(calls.find((c) => c.operation === 'SendMyPhoneCode')!.authorization).toBe('Bearer donor-token');
    expect(wrapper.get('[data-test=send-code]').text()).toMatch(/\d+ 秒后重发/);

    await wrapper.get('[data-test=code] input').setValue('123456');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(pageText()).toContain('验证码不正确，还可以再试 4 次'));
    wrong = false;
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=claimed]')).not.toBeNull());
    expect(pageText()).toContain('已找到 2 笔用这个号码登记的线下捐赠');
    expect(document.body.querySelector('[data-test=bound-phone]')!.textContent).toContain('139****5678');
    expect(calls.filter((c) => c.operation === 'VerifyMyPhone').at(-1)!.variables).toEqual({
      phone: '13912345678',
      code: '123456',
    });
  });

  it('checks the number before sending, and waits as long as the server says', async () => {
    const calls = stubServer({
      Me: me('138****8000'),
      SendMyPhoneCode: () => {
        throw graphqlError('CONFLICT', '验证码已发送，请 42 秒后再获取', 'phone');
      },
    });
    const { wrapper } = await openPage('/me/phone');
    expect(document.body.querySelector('[data-test=bound-phone]')!.textContent).toContain('138****8000');
    await wrapper.get('[data-test=phone] input').setValue('0632-1234567');
    await wrapper.get('[data-test=send-code]').trigger('click');
    await vi.waitFor(() => expect(pageText()).toContain('请填写 11 位手机号码'));
    expect(calls.some((c) => c.operation === 'SendMyPhoneCode')).toBe(false);

    await wrapper.get('[data-test=phone] input').setValue('13800138000');
    await wrapper.get('[data-test=send-code]').trigger('click');
    await vi.waitFor(() => expect(pageText()).toContain('验证码已发送，请 42 秒后再获取'));
    await vi.waitFor(() => expect(wrapper.get('[data-test=send-code]').text()).toMatch(/4[12] 秒后重发/));
  });

  it('is where 我的捐赠 sends a giver who handed in cash, and lists the cash gift by its channel', async () => {
    stubServer({
      MyDonations: () => ({ myDonations: [cash, { ...cash, id: 'd2', status: 'PENDING', paidAt: null }] }),
    });
    await openPage('/me/donations');
    const rows = [...document.body.querySelectorAll('[data-test=my-donation]')];
    expect(rows[0].textContent).toContain('现金 · ');
    expect(rows[0].textContent).toContain('已支付');
    expect(rows[1].textContent).toContain('待复核');
    expect(rows[1].textContent).not.toContain('待支付');
    expect(document.body.querySelector('[data-test=find-offline]')!.getAttribute('href')).toBe('/h5/me/phone');
  });
});
