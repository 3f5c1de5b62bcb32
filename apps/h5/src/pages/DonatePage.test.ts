import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Campaign } from '../api/operations';
import { clearSession, saveSession } from '../session';
import { ONE_DAY_PAY, PARTY_DUES } from '../testing/fixtures';
import { graphqlError, stubServer, type GraphqlCall, type GraphqlErrorAnswer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

const PAY_PARAMS = {
  appId: 'wxshanchoudemo01',
  timeStamp: '1767225600',
  nonceStr: 'n0nce',
  package: 'prepay_id=wx2026',
  signType: 'RSA',
  paySign: 'c2lnbmF0dXJl',
};

function server(campaign: Campaign, refuse?: GraphqlErrorAnswer): { calls: GraphqlCall[]; paid: string[] } {
  const paid: string[] = [];
  const calls = stubServer(
    {
      Campaign: () => ({ campaign }),
      ClientConfig: () => ({
        clientConfig: {
          wechatAppId: 'wxshanchoudemo01',
          wechatAuthorizeUrl: 'http://x/authorize',
          wechatPaySimulated: true,
        },
      }),
      Organizations: () => ({
        organizations: [
          { id: 'org-1', kind: 'WORK_UNIT', name: '峄城区民政局', regionCode: '370404', regionName: '峄城区' },
        ],
      }),
      CreateDonation: (v) => {
        if (refuse) throw refuse;
        const input = v.input as { amountFen: number };
        return {
          createDonation: {
            donation: {
              id: 'd1',
              receiptNo: 'SC202605010001',
              amountFen: input.amountFen,
              status: 'PENDING',
              paidAt: null,
              displayName: '爱心人士',
              message: null,
              ledgerSeq: null,
              campaign: { id: campaign.id, slug: campaign.slug, title: campaign.title, kind: campaign.kind },
              organization: null,
            },
            payParams: PAY_PARAMS,
          },
        };
      },
      Donation: () => ({ donation: null }),
    },
    (url) => {
      paid.push(url);
      return Response.json({ trade_state: 'SUCCESS' });
    },
  );
  return { calls, paid };
}

const find = (selector: string) => document.body.querySelector<HTMLElement>(selector);

describe('the donate page', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => {
    clearSession('donor');
    document.body.innerHTML = '';
  });

  it('gives 一元爱心党费 at exactly 1 yuan, with no amounts to choose', async () => {
    const { calls } = server(PARTY_DUES);
    await openPage('/campaigns/yiyuan-aixin-dangfei/donate');
    expect(find('[data-test=fixed-amount]')?.textContent).toContain('¥1.00');
    expect(document.body.querySelectorAll('[data-test=amount-option]')).toHaveLength(0);
    expect(find('[data-test=pay]')?.textContent).toContain('微信支付 ¥1.00');
    find('[data-test=pay]')!.click();
    await flushPromises();
    const created = calls.find((c) => c.operation === 'CreateDonation')!;
    expect(created.variables.input).toEqual({ campaignId: PARTY_DUES.id, amountFen: 100, anonymous: false });
    expect(created.authorization).toBe('Bearer donor-token');
  });

  it('offers 慈心一日捐’s amounts, sends the choices, and opens the stand-in’s pay sheet outside WeChat', async () => {
    const { calls, paid } = server(ONE_DAY_PAY);
    const { router } = await openPage('/campaigns/cixin-yiri-juan-2026/donate');
    const options = [...document.body.querySelectorAll<HTMLElement>('[data-test=amount-option]')];
    expect(options.map((o) => o.textContent?.trim())).toEqual(['10 元', '50 元', '100 元', '200 元']);
    options[2].click();
    find('[data-test=anonymous]')!.click();
    const message = find('[data-test=message] textarea') as HTMLTextAreaElement;
    message.value = ' 祝福乡亲 ';
    message.dispatchEvent(new Event('input'));
    find('[data-test=org-picker]')!.click();
    await vi.waitFor(() => expect(find('[data-test=org-option]')).not.toBeNull());
    find('[data-test=org-option]')!.click();
    await flushPromises();
    find('[data-test=pay]')!.click();
    await vi.waitFor(() => expect(find('[data-test=pay-sheet]')).not.toBeNull());
    expect(calls.find((c) => c.operation === 'CreateDonation')!.variables.input).toEqual({
      campaignId: ONE_DAY_PAY.id,
      amountFen: 10000,
      anonymous: true,
      message: '祝福乡亲',
      organizationId: 'org-1',
    });
    expect(find('[data-test=pay-sheet]')!.textContent).toContain('100.00');
    find('[data-test=sim-pay]')!.click();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/donations/SC202605010001'));
    expect(paid).toEqual(['/wechat-sim/_sim/transactions/SC202605010001/pay']);
  });

  it('pays inside WeChat with getBrandWCPayRequest and the server’s parameters, untouched', async () => {
    server(ONE_DAY_PAY);
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue('Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50');
    const invoked: unknown[] = [];
    window.WeixinJSBridge = {
      invoke: (name, params, callback) => {
        invoked.push({ name, params });
        callback({ err_msg: 'get_brand_wcpay_request:ok' });
      },
    };
    try {
      const { router } = await openPage('/campaigns/cixin-yiri-juan-2026/donate');
      find('[data-test=pay]')!.click();
      await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('donation'));
      expect(invoked).toEqual([{ name: 'getBrandWCPayRequest', params: PAY_PARAMS }]);
    } finally {
      delete window.WeixinJSBridge;
    }
  });

  it('stops at an amount the campaign would refuse, and says why', async () => {
    const { calls } = server(ONE_DAY_PAY);
    await openPage('/campaigns/cixin-yiri-juan-2026/donate');
    const input = find('[data-test=amount-input] input') as HTMLInputElement;
    input.dispatchEvent(new Event('focus'));
    input.value = '60000';
    input.dispatchEvent(new Event('input'));
    await flushPromises();
    find('[data-test=pay]')!.click();
    await flushPromises();
    expect(pageText()).toContain('单笔最多捐 ¥50,000.00');
    expect(calls.some((c) => c.operation === 'CreateDonation')).toBe(false);
  });

  it('explains a refusal of the server in Chinese', async () => {
    server(ONE_DAY_PAY, graphqlError('BAD_USER_INPUT', 'campaign is closed: it takes no gifts', 'input.campaignId'));
    await openPage('/campaigns/cixin-yiri-juan-2026/donate');
    find('[data-test=pay]')!.click();
    await vi.waitFor(() => expect(pageText()).toContain('这个项目现在不接受捐赠'));
  });
});
