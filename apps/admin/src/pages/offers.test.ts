import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession } from '../session';
import { settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import OffersPage from './OffersPage.vue';

const REGION_TREE = () => ({ region: { code: '370404001', name: '坛山街道', level: 'TOWN', children: [] } });
const offer = (over: Record<string, unknown> = {}) => ({
  code: 'OF-0123456789',
  status: 'OPEN',
  category: '文具',
  description: '书包',
  quantity: 5,
  unit: '个',
  itemCodes: [],
  createdAt: '2026-12-03T02:00:00Z',
  dropOffNode: { id: 'n1', name: '坛山社区配送中心' },
  ...over,
});

beforeEach(() => clearSession());

describe('捐赠意向', () => {
  it('lists the open offers of the member’s own region first, in Chinese', async () => {
    signInAs('TOWN_OPERATOR', '370404001');
    const calls = stubServer({
      ConsoleRegionTree: REGION_TREE,
      ConsoleGoodsOffers: () => ({ goodsOffers: [offer()] }),
    });
    const { wrapper } = await mountPage(OffersPage, '/offers');
    await settle(10);
    expect(calls.filter((c) => c.operation === 'ConsoleGoodsOffers').at(-1)!.variables).toEqual({
      regionCode: '370404001',
      status: ['OPEN'],
    });
    const row = wrapper.find('.el-table__body tr').text();
    expect(row).toContain('OF-0123456789');
    expect(row).toContain('文具 · 书包');
    expect(row).toContain('坛山社区配送中心');
    expect(row).toContain('待送达');
    // Nothing here changes anything: goods are registered against the code at the centre.
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
  });

  it('asks for every status when the filter is cleared, and shows the items an offer brought', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleRegionTree: REGION_TREE,
      ConsoleGoodsOffers: (v) =>
        (v.status as string[]).includes('MATCHED')
          ? { goodsOffers: [offer({ status: 'MATCHED', itemCodes: ['IT-AAAA', 'IT-BBBB'] })] }
          : { goodsOffers: [] },
    });
    const { wrapper } = await mountPage(OffersPage, '/offers');
    await settle(10);
    expect(wrapper.text()).toContain('没有符合条件的捐赠意向');
    (wrapper.vm as unknown as { $: { setupState: { filter: { status: string } } } }).$.setupState.filter.status = '';
    await settle(10);
    expect(calls.filter((c) => c.operation === 'ConsoleGoodsOffers').at(-1)!.variables).toEqual({
      regionCode: '370404',
      status: ['OPEN', 'MATCHED', 'CANCELLED'],
    });
    const row = wrapper.find('.el-table__body tr').text();
    expect(row).toContain('已登记入库');
    expect(row).toContain('IT-AAAA、IT-BBBB');
  });
});
