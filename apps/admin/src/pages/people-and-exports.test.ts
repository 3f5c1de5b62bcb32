import { ElMessageBox } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportUrl, fileNameFrom } from '../exports';
import { importProblems } from '../file-read';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import { bindAuthorizeUrl } from '../wechat-bind';
import ExportsPage from './ExportsPage.vue';
import HouseholdsPage from './HouseholdsPage.vue';
import StaffPage from './StaffPage.vue';

const REGION_TREE = () => ({ region: { code: '370404', name: '峄城区', level: 'DISTRICT', children: [] } });
const town = {
  id: 's2',
  username: 'demo-town',
  displayName: '坛山街道演示账号',
  role: 'TOWN_OPERATOR',
  enabled: true,
  wechatBound: false,
  region: { code: '370404001', name: '坛山街道', level: 'TOWN' },
};

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

function setupState<T>(wrapper: { vm: unknown }): T {
  return (wrapper.vm as { $: { setupState: T } }).$.setupState;
}
function submit(selector: string): void {
  document.querySelector(selector)!.dispatchEvent(new Event('submit'));
}

describe('数据导出: the address from the filters', () => {
  it('sends only the parameters each export takes, the empty ones left out', () => {
    const values = { campaignId: 'c1', regionCode: '370404001', from: '2026-12-01', to: '2026-12-03' };
    expect(exportUrl('donations', 'xlsx', values)).toBe(
      '/exports/donations.xlsx?campaignId=c1&from=2026-12-01&to=2026-12-03',
    );
    expect(exportUrl('ledger', 'csv', { ...values, from: '' })).toBe('/exports/ledger.csv?campaignId=c1&to=2026-12-03');
    expect(exportUrl('goods-movements', 'xlsx', values)).toBe(
      '/exports/goods-movements.xlsx?regionCode=370404001&from=2026-12-01&to=2026-12-03',
    );
    expect(exportUrl('stock', 'csv', values)).toBe('/exports/stock.csv?regionCode=370404001');
    expect(exportUrl('volunteer-hours', 'xlsx', {})).toBe('/exports/volunteer-hours.xlsx');
  });

  it('names the file from Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="donations-2026-12-01.xlsx"', 'x.xlsx')).toBe(
      'donations-2026-12-01.xlsx',
    );
    expect(fileNameFrom("attachment; filename*=UTF-8''%E6%8D%90%E8%B5%A0.csv", 'x.csv')).toBe('捐赠.csv');
    expect(fileNameFrom(null, 'x.csv')).toBe('x.csv');
  });

  it('downloads with the bearer token the filters chosen, and shows a 400 as the server words it', async () => {
    signInAs('DISTRICT_ADMIN');
    const fetched: { url: string; authorization: string | null }[] = [];
    stubServer(
      {
        ConsoleCampaignChoices: () => ({ campaigns: [{ id: 'c1', slug: 'a', title: '助学', status: 'ACTIVE' }] }),
        ConsoleRegionTree: REGION_TREE,
      },
      (url, init) => {
        fetched.push({ url, authorization: new Headers(init?.headers).get('authorization') });
        return url.includes('ledger')
          ? Response.json({ code: 'BAD_USER_INPUT', field: 'from', message: 'from: 不能晚于截止日' }, { status: 400 })
          : new Response('xlsx', { headers: { 'content-disposition': 'attachment; filename="donations-c1.xlsx"' } });
      },
    );
    const createObjectURL = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const { wrapper } = await mountPage(ExportsPage, '/exports');
    await settle(10);
    const state = setupState<{ filters: { campaignId: string; range: [string, string] | null } }>(wrapper);
    state.filters.campaignId = 'c1';
    state.filters.range = ['2026-12-01', '2026-12-03'];
    await wrapper.find('[data-test=download-donations-xlsx]').trigger('click');
    await settle(10);
    expect(fetched[0]).toEqual({
      url: '/exports/donations.xlsx?campaignId=c1&from=2026-12-01&to=2026-12-03',
      authorization: 'Bearer token-DISTRICT_ADMIN',
    });
    expect(createObjectURL).toHaveBeenCalled();
    await wrapper.find('[data-test=download-ledger-csv]').trigger('click');
    await settle(10);
    expect(wrapper.find('[data-test=export-ledger] [role=alert]').text()).toContain('起始日：不能晚于截止日');
  });

  it('offers a town operator no donations export', async () => {
    signInAs('TOWN_OPERATOR', '370404001');
    stubServer({ ConsoleCampaignChoices: () => ({ campaigns: [] }), ConsoleRegionTree: REGION_TREE });
    const { wrapper } = await mountPage(ExportsPage, '/exports');
    await settle(10);
    expect(wrapper.find('[data-test=export-donations]').exists()).toBe(false);
    expect(wrapper.find('[data-test=export-stock]').exists()).toBe(true);
  });
});

describe('人员管理: a change of role', () => {
  async function editTown(handlers: Record<string, (v: Record<string, unknown>) => unknown>) {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleStaffList: () => ({ staffList: [town] }),
      ConsoleRegionTree: REGION_TREE,
      ...handlers,
    });
    const { wrapper } = await mountPage(StaffPage, '/staff');
    await settle(10);
    await wrapper.find('[data-test=write-edit-staff]').trigger('click');
    await settle(5);
    setupState<{ edit: { role: string } }>(wrapper).edit.role = 'VILLAGE_OPERATOR';
    setupState<{ edit: { regionCode: string } }>(wrapper).edit.regionCode = '370404001001';
    submit('[data-test=edit-staff-form]');
    await settle(10);
    return { wrapper, calls };
  }

  it('asks before saving, naming both roles; saves the role and region once confirmed', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const { calls } = await editTown({
      ConsoleUpdateStaff: () => ({ updateStaff: { ...town, role: 'VILLAGE_OPERATOR' } }),
    });
    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0][0]).toContain('角色从「镇街操作员」改为「村居操作员」');
    expect(calls.find((c) => c.operation === 'ConsoleUpdateStaff')!.variables).toEqual({
      staffId: 's2',
      input: { role: 'VILLAGE_OPERATOR', regionCode: '370404001001' },
    });
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    const { calls } = await editTown({});
    expect(calls.some((c) => c.operation === 'ConsoleUpdateStaff')).toBe(false);
  });

  it('shows the server’s refusal (your own role) in its words', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    await editTown({
      ConsoleUpdateStaff: () => {
        throw graphqlError('FORBIDDEN', '不能修改自己的角色或区域，请另一位区管理员办理');
      },
    });
    expect(document.querySelector('[data-test=edit-staff-form] [role=alert]')!.textContent).toContain(
      '不能修改自己的角色或区域',
    );
  });

  it('changes a name alone without asking', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm');
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleStaffList: () => ({ staffList: [town] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleUpdateStaff: () => ({ updateStaff: { ...town, displayName: '新名字' } }),
    });
    const { wrapper } = await mountPage(StaffPage, '/staff');
    await settle(10);
    await wrapper.find('[data-test=write-edit-staff]').trigger('click');
    await settle(5);
    setupState<{ edit: { displayName: string } }>(wrapper).edit.displayName = '新名字';
    submit('[data-test=edit-staff-form]');
    await settle(10);
    expect(confirm).not.toHaveBeenCalled();
    expect(calls.find((c) => c.operation === 'ConsoleUpdateStaff')!.variables.input).toEqual({ displayName: '新名字' });
  });
});

describe('贫困户: the import', () => {
  it('sends the .xlsx as base64 to importHouseholds and lists each row’s problem', async () => {
    signInAs('VILLAGE_OPERATOR', '370404001001');
    const calls = stubServer({
      ConsoleHouseholds: () => ({ households: [] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleImportHouseholds: () => {
        throw graphqlError('BAD_USER_INPUT', 'file: 第 3 行「人口」不是整数：两口', 'file');
      },
    });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    await wrapper.find('[data-test=write-import-households]').trigger('click');
    await settle(5);
    const input = document.querySelector<HTMLInputElement>('[data-test=households-file]')!;
    const file = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'households.xlsx');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle(15);
    expect(calls.find((c) => c.operation === 'ConsoleImportHouseholds')!.variables).toEqual({
      regionCode: '370404001001',
      file: 'UEsDBA==',
    });
    const items = [...document.querySelectorAll('[data-test=import-errors] li')].map((li) => li.textContent);
    expect(items).toEqual(['第 3 行「人口」不是整数：两口']);
  });

  it('offers the template, the import and registering to a district admin', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer({ ConsoleHouseholds: () => ({ households: [] }), ConsoleRegionTree: REGION_TREE });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    expect(wrapper.find('[data-test=households-template]').exists()).toBe(true);
    // The server takes a district admin's import into any village of the district (issue 17.5).
    expect(wrapper.find('[data-test=write-import-households]').exists()).toBe(true);
    // It registers and edits too, reading the households masked (households-and-needs.test.ts).
    expect(wrapper.find('[data-test=write-new-household]').exists()).toBe(true);
  });

  it('offers the auditor the template but no import', async () => {
    signInAs('AUDITOR');
    stubServer({ ConsoleHouseholds: () => ({ households: [] }), ConsoleRegionTree: REGION_TREE });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    expect(wrapper.find('[data-test=households-template]').exists()).toBe(true);
    expect(wrapper.find('[data-test=write-import-households]').exists()).toBe(false);
  });

  it('splits several problems into a list, and keeps one roster refusal whole', () => {
    expect(importProblems('第 2 行「户主姓名」不能为空\n第 3 行「人口」不是整数：两口')).toEqual([
      '第 2 行「户主姓名」不能为空',
      '第 3 行「人口」不是整数：两口',
    ]);
    // The server words the roster's refusals in Chinese itself (libs/campaigns roster-csv).
    expect(
      importProblems('第 1 行：表头没有「姓名」列（收到：编号、手机号）；表头应含 姓名，可选 编号（或 工号）、手机号'),
    ).toEqual(['第 1 行：表头没有「姓名」列（收到：编号、手机号）；表头应含 姓名，可选 编号（或 工号）、手机号']);
  });
});

describe('我的账号: binding WeChat', () => {
  it('goes through WeChat’s authorise page and comes back to the console', () => {
    const url = bindAuthorizeUrl(
      { wechatAppId: 'wx1', wechatAuthorizeUrl: '/wechat-sim/connect/oauth2/authorize' },
      'http://localhost:3000',
      's1',
    );
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/wechat-sim/connect/oauth2/authorize');
    expect(parsed.searchParams.get('redirect_uri')).toBe('http://localhost:3000/admin/account');
    expect(parsed.searchParams.get('state')).toBe('s1');
    expect(parsed.hash).toBe('#wechat_redirect');
  });
});
