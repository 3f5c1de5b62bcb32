import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FundNotice } from '../api/operations';
import { daysLeftText } from '../format';
import { GraphqlErrorAnswer, stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

const DAY = 86_400_000;

function notice(overrides: Partial<FundNotice> = {}): FundNotice {
  return {
    id: 'f1',
    code: 'ZJ202612030001',
    title: '坛山社区路灯维修',
    purpose: '更换 12 盏损坏路灯',
    amountFen: 123_456,
    publicUntil: new Date(Date.now() + 2.5 * DAY).toISOString(),
    supervisionPhone: '0632-7700000',
    region: { name: '坛山社区' },
    campaign: { title: '扶贫善筹' },
    history: [
      { gate: '上报', at: '2026-12-01T01:00:00.000Z' },
      { gate: '评议', at: '2026-12-02T01:00:00.000Z' },
      { gate: '公示', at: '2026-12-03T01:00:00.000Z' },
    ],
    ...overrides,
  };
}

describe('资金公示', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('lists each notice with title, amount in 元, region, purpose, days left and the phone as a tel: link', async () => {
    stubServer({ FundRequestNotices: () => ({ fundRequestNotices: [notice()] }) });
    await openPage('/notices');
    const card = document.body.querySelector('[data-test=notice]')!;
    expect(card.textContent).toContain('坛山社区路灯维修');
    expect(card.querySelector('[data-test=amount]')!.textContent).toBe('¥1,234.56');
    expect(card.querySelector('[data-test=region]')!.textContent).toBe('坛山社区');
    expect(card.querySelector('[data-test=purpose]')!.textContent).toBe('更换 12 盏损坏路灯');
    expect(card.querySelector('[data-test=days-left]')!.textContent).toContain('还剩 3 天');
    const phone = card.querySelector<HTMLAnchorElement>('[data-test=phone]')!;
    expect(phone.getAttribute('href')).toBe('tel:06327700000');
    expect(phone.textContent).toContain('监督电话 0632-7700000');
  });

  it('says when nothing is on notice', async () => {
    stubServer({ FundRequestNotices: () => ({ fundRequestNotices: [] }) });
    await openPage('/notices');
    expect(pageText()).toContain('目前没有正在公示的项目资金');
  });

  it('sends an objection and says it was received; a refusal is shown in Chinese', async () => {
    let refuse = true;
    const calls = stubServer({
      FundRequestNotices: () => ({ fundRequestNotices: [notice()] }),
      ObjectToFundRequest: () => {
        if (refuse)
          throw new GraphqlErrorAnswer([
            { message: '提交异议过于频繁，请 10 分钟后再试', extensions: { code: 'FORBIDDEN' } },
          ]);
        return {
          objectToFundRequest: { id: 'o1', receivedAt: new Date().toISOString(), supervisionPhone: '0632-7700000' },
        };
      },
    });
    const { wrapper } = await openPage('/notices');
    await wrapper.get('[data-test=object]').trigger('click');
    await wrapper.get('[data-test=objection-text] textarea').setValue('路灯去年刚换过，请核实');
    await wrapper.get('[data-test=objection-form]').trigger('submit');
    await vi.waitFor(() => expect(pageText()).toContain('提交太频繁了，请 10 分钟后再试'));
    refuse = false;
    await wrapper.get('[data-test=objection-form]').trigger('submit');
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=objection-sent]')).not.toBeNull());
    expect(calls.filter((c) => c.operation === 'ObjectToFundRequest').at(-1)!.variables).toEqual({
      fundRequestId: 'f1',
      text: '路灯去年刚换过，请核实',
      phone: null,
    });
  });

  it('is linked from the public ledger', async () => {
    stubServer({
      Campaigns: () => ({ campaigns: [] }),
      LedgerTotals: () => ({
        ledgerTotals: [],
        ledgerTreeHead: { treeSize: 0, rootHash: '', timestamp: new Date().toISOString(), signature: '', keyId: '' },
      }),
      Ledger: () => ({ ledger: { entries: [], nextAfter: null, totalFen: 0 } }),
    });
    await openPage('/ledger');
    expect(document.body.querySelector('[data-test=to-notices]')?.getAttribute('href')).toBe('/h5/notices');
  });
});

describe('daysLeftText', () => {
  const now = new Date('2026-12-03T00:00:00Z');
  it.each([
    [new Date(now.getTime() + 3 * DAY), '还剩 3 天'],
    [new Date(now.getTime() + 2.1 * DAY), '还剩 3 天'],
    [new Date(now.getTime() + 0.5 * DAY), '今天截止'],
    [new Date(now.getTime() - 1), '已结束'],
  ])('%s → %s', (until, text) => {
    expect(daysLeftText(until, now)).toBe(text);
  });
});
