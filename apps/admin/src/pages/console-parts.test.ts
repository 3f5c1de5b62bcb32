import { mount } from '@vue/test-utils';
import { ElMessageBox } from 'element-plus';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import FileUpload from '../components/FileUpload.vue';
import { emptySearchForm, exportQuery, toSearchFilter } from '../donation-search';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import DonationsPage from './DonationsPage.vue';
import FundRequestDetailPage from './FundRequestDetailPage.vue';
import FundRequestNewPage from './FundRequestNewPage.vue';

beforeEach(() => clearSession());

const fundRequest = (over: Record<string, unknown> = {}) => ({
  id: 'f1',
  code: 'ZJ202612030001',
  title: '古邵镇课桌',
  amountFen: 500_000,
  status: 'FILED',
  createdAt: '2026-12-03T01:00:00Z',
  publicUntil: null,
  campaign: { id: 'c1', slug: 'zhuxue', title: '助学项目' },
  region: { code: '370404', name: '峄城区' },
  purpose: '购买课桌',
  budget: null,
  payee: null,
  payeeKind: null,
  voucherNo: null,
  ledgerSeq: null,
  supervisionPhone: null,
  attachmentIds: [],
  history: [
    { at: '2026-12-03T01:00:00Z', gate: '上报', actor: '区管理中心演示账号', note: '购买课桌', status: 'FILED' },
  ],
  objections: [],
  ...over,
});

describe('捐赠查询', () => {
  it('sends the amount range typed in 元 as integer fen and the Beijing days as [from, next midnight)', () => {
    const { filter, errors } = toSearchFilter({
      ...emptySearchForm(),
      minYuan: '0.29',
      maxYuan: '1,234.5',
      days: ['2026-12-01', '2026-12-03'],
    });
    expect(errors).toEqual({});
    expect(filter).toEqual({
      minAmountFen: 29,
      maxAmountFen: 123450,
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-03T16:00:00.000Z',
    });
    expect(toSearchFilter({ ...emptySearchForm(), minYuan: '1.234' }).errors.minYuan).toBeTruthy();
    expect(exportQuery({ ...emptySearchForm(), campaignId: 'c1', days: ['2026-12-01', '2026-12-03'] })).toBe(
      '?campaignId=c1&from=2026-12-01&to=2026-12-03',
    );
  });

  it('searches with the amounts in fen and pages by nextBefore', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleSearchDonations20: () => ({ searchDonations: { donations: [], nextBefore: null } }),
      ConsoleDonationSearchChoices: () => ({ campaigns: [], organizations: [] }),
      ConsoleFailedRefunds: () => ({ failedRefunds: [] }),
    });
    const { wrapper } = await mountPage(DonationsPage, '/donations');
    await settle(10);
    await wrapper.find('[data-test=search-min]').setValue('10');
    await wrapper.find('[data-test=search-max]').setValue('19.99');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    const searches = calls.filter((c) => c.operation === 'ConsoleSearchDonations20');
    expect(searches.at(-1)!.variables).toEqual({
      filter: { minAmountFen: 1000, maxAmountFen: 1999 },
      before: null,
    });
  }, 30_000);

  it('shows the export’s refusal as the server words it', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer(
      {
        ConsoleSearchDonations20: () => ({ searchDonations: { donations: [], nextBefore: null } }),
        ConsoleDonationSearchChoices: () => ({ campaigns: [], organizations: [] }),
        ConsoleFailedRefunds: () => ({ failedRefunds: [] }),
      },
      () => Response.json({ code: 'BAD_USER_INPUT', field: 'to', message: '结束日期早于开始日期' }, { status: 400 }),
    );
    const { wrapper } = await mountPage(DonationsPage, '/donations');
    await settle(10);
    const vm = wrapper.vm as unknown as { $: { setupState: { download(f: string): Promise<void> } } };
    await vm.$.setupState.download('xlsx');
    await settle(5);
    expect(wrapper.find('[data-test=export-error]').text()).toContain('结束日期早于开始日期');
  }, 30_000);
});

describe('资金申请', () => {
  async function detail(status: string, role: 'DISTRICT_ADMIN' | 'AUDITOR' | 'TOWN_OPERATOR' = 'DISTRICT_ADMIN') {
    signInAs(role);
    stubServer({ ConsoleFundRequest: () => ({ fundRequest: fundRequest({ status }) }) });
    const { wrapper } = await mountPage(FundRequestDetailPage, '/fund-requests/f1', { id: 'f1' });
    await settle(10);
    return wrapper;
  }

  it.each([
    ['FILED', 'review'],
    ['REVIEWED', 'publicize'],
    ['PUBLICIZED', 'approve'],
    ['APPROVED', 'disburse'],
    ['DISBURSED', 'accept'],
  ])('offers only the gate of a %s request: %s', async (status, gate) => {
    const wrapper = await detail(status);
    const gates = wrapper.findAll('[data-test^=gate-]').filter((w) => w.element.tagName === 'FORM');
    expect(gates.map((g) => g.attributes('data-test'))).toEqual([`gate-${gate}`]);
  });

  it('offers no gate once accepted or rejected, and none to an auditor', async () => {
    for (const status of ['ACCEPTED', 'REJECTED']) {
      const wrapper = await detail(status);
      expect(wrapper.find('form').exists()).toBe(false);
      expect(wrapper.find('[data-test=write-reject]').exists()).toBe(false);
      wrapper.unmount();
    }
    const wrapper = await detail('FILED', 'AUDITOR');
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
    expect(wrapper.find('[data-test=fund-history]').text()).toContain('上报');
  });

  it('lets a town operator accept, and no other gate', async () => {
    expect((await detail('DISBURSED', 'TOWN_OPERATOR')).find('[data-test=gate-accept]').exists()).toBe(true);
    expect((await detail('FILED', 'TOWN_OPERATOR')).find('form').exists()).toBe(false);
  });

  it('shows the server’s refusal of a gate in Chinese after the confirmation', async () => {
    signInAs('DISTRICT_ADMIN');
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    stubServer({
      ConsoleFundRequest: () => ({ fundRequest: fundRequest({ status: 'PUBLICIZED' }) }),
      ConsoleApproveFundRequest: () => {
        throw graphqlError(
          'FORBIDDEN',
          '你是资金申请 ZJ202612030001 的上报人，审批须由上报人和评议人以外的另一位区管理员办理',
        );
      },
    });
    const { wrapper } = await mountPage(FundRequestDetailPage, '/fund-requests/f1', { id: 'f1' });
    await settle(10);
    await wrapper.find('[data-test=gate-approve]').trigger('submit');
    await settle(10);
    expect(ElMessageBox.confirm).toHaveBeenCalled();
    expect(wrapper.find('[role=alert]').text()).toContain('审批须由上报人和评议人以外的另一位区管理员办理');
  });

  it('sends 报账 with the payee, its kind and the voucher after the confirmation; shows an overdraw in Chinese', async () => {
    signInAs('DISTRICT_ADMIN');
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const calls = stubServer({
      ConsoleFundRequest: () => ({ fundRequest: fundRequest({ status: 'APPROVED' }) }),
      ConsoleDisburseFundRequest: () => {
        throw graphqlError(
          'CONFLICT',
          '余额不足：该募捐活动现有 1.00 元，不够拨付资金申请 ZJ202612030001 的 5,000.00 元，未拨付',
        );
      },
    });
    const { wrapper } = await mountPage(FundRequestDetailPage, '/fund-requests/f1', { id: 'f1' });
    await settle(10);
    await wrapper.find('[data-test=gate-payee]').setValue('古邵镇中心小学');
    await wrapper.find('[data-test=gate-voucher]').setValue('PZ-2026-001');
    const vm = wrapper.vm as unknown as { $: { setupState: { model: Record<string, string> } } };
    vm.$.setupState.model.payeeKind = 'ORGANIZATION';
    await wrapper.find('[data-test=gate-disburse]').trigger('submit');
    await settle(10);
    expect(calls.find((c) => c.operation === 'ConsoleDisburseFundRequest')!.variables).toEqual({
      fundRequestId: 'f1',
      payee: '古邵镇中心小学',
      payeeKind: 'ORGANIZATION',
      voucherNo: 'PZ-2026-001',
      attachmentIds: [],
    });
    expect(wrapper.find('[role=alert]').text()).toContain('余额不足');
  });

  it('sends the amount in fen and shows the server’s field error on its field', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleFundRequestCampaigns: () => ({
        campaigns: [{ id: 'c1', slug: 'zhuxue', title: '助学项目', status: 'ACTIVE', raisedFen: 100 }],
      }),
      ConsoleRegionTree: () => ({ region: { code: '370404', name: '峄城区', level: 'DISTRICT', children: [] } }),
      ConsoleFileFundRequest: () => {
        throw graphqlError('BAD_USER_INPUT', 'input.amountFen: 单笔申请不能超过 1000 万元', 'input.amountFen');
      },
    });
    const { wrapper } = await mountPage(FundRequestNewPage, '/fund-requests/new');
    await settle(10);
    const vm = wrapper.vm as unknown as { $: { setupState: { model: Record<string, string> } } };
    Object.assign(vm.$.setupState.model, { campaignId: 'c1' });
    await wrapper.find('[data-test=fund-title]').setValue('课桌');
    await wrapper.find('[data-test=fund-amount]').setValue('5000.5');
    await wrapper.find('[data-test=fund-purpose]').setValue('购买课桌');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    const sent = calls.find((c) => c.operation === 'ConsoleFileFundRequest')!.variables.input as Record<
      string,
      unknown
    >;
    expect(sent).toMatchObject({ campaignId: 'c1', amountFen: 500050, regionCode: '370404', purpose: '购买课桌' });
    expect(wrapper.find('[data-field=amount]').text()).toContain('单笔申请不能超过 1000 万元');
  });
});

describe('uploads', () => {
  it('sends the file with its purpose and the staff token, and shows a refusal as the server words it', async () => {
    signInAs('DISTRICT_ADMIN');
    const seen: { url: string; auth: string | null; purpose: FormDataEntryValue | null }[] = [];
    stubServer({}, (url, init) => {
      seen.push({
        url,
        auth: new Headers(init?.headers).get('authorization'),
        purpose: (init?.body as FormData).get('purpose'),
      });
      return Response.json(
        { code: 'BAD_USER_INPUT', field: 'file', message: '不支持的文件类型：只接受 JPEG、PNG、WebP 图片' },
        { status: 400 },
      );
    });
    const wrapper = mount(FileUpload, { props: { modelValue: [], purpose: 'campaign-image', testId: 'cover' } });
    const input = wrapper.find('[data-test=cover-input]');
    Object.defineProperty(input.element, 'files', { value: [new File(['hello'], 'a.txt', { type: 'text/plain' })] });
    await input.trigger('change');
    await settle(10);
    expect(seen).toEqual([{ url: '/files', auth: 'Bearer token-DISTRICT_ADMIN', purpose: 'campaign-image' }]);
    expect(wrapper.find('[data-test=cover-error]').text()).toBe('不支持的文件类型：只接受 JPEG、PNG、WebP 图片');
    expect(wrapper.emitted('update:modelValue')).toBeUndefined();
  });

  it('holds the uploaded file', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer({}, () =>
      Response.json({ id: 'file-1', url: '/files/abc.png', width: 2, height: 2, contentType: 'image/png' }),
    );
    const wrapper = mount(FileUpload, {
      props: { modelValue: [], purpose: 'campaign-image', max: 1, testId: 'cover' },
    });
    const input = wrapper.find('[data-test=cover-input]');
    Object.defineProperty(input.element, 'files', { value: [new File(['png'], 'a.png', { type: 'image/png' })] });
    await input.trigger('change');
    await settle(10);
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([
      [{ id: 'file-1', url: '/files/abc.png', width: 2, height: 2, contentType: 'image/png' }],
    ]);
  });
});
