import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { graphqlError, settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import { clearSession, session } from '../session';
import CampaignEditPage from './CampaignEditPage.vue';
import CampaignsPage from './CampaignsPage.vue';
import LoginPage from './LoginPage.vue';
import AuditLogPage from './AuditLogPage.vue';
import StaffPage from './StaffPage.vue';

const campaign = (over: Record<string, unknown> = {}) => ({
  id: 'c1',
  slug: 'cixin-yiri-juan-2026',
  title: '2026年慈心一日捐',
  kind: 'ONE_DAY_PAY',
  status: 'ACTIVE',
  story: '捐出一天收入',
  goalFen: 50_000_000,
  raisedFen: 12_345,
  matchedFen: 0,
  donationCount: 3,
  minAmountFen: 100,
  maxAmountFen: 5_000_000,
  fixedAmountFen: null,
  suggestedAmountsFen: [1000, 5000],
  startsAt: null,
  endsAt: null,
  ...over,
});

beforeEach(() => clearSession());

describe('sign-in', () => {
  async function signIn(answer: () => unknown) {
    stubServer({ ConsoleLogin: answer });
    const { wrapper, router } = await mountPage(LoginPage, '/login');
    await wrapper.find('input[name=username]').setValue('demo-district');
    await wrapper.find('input[name=password]').setValue('demo123456');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    return { wrapper, router };
  }

  it('shows the lockout as the server words it', async () => {
    const { wrapper } = await signIn(() => {
      throw graphqlError('UNAUTHENTICATED', '登录失败次数过多，请 15 分钟后再试');
    });
    expect(wrapper.find('[role=alert]').text()).toContain('登录失败次数过多，请 15 分钟后再试');
  });

  it('says a wrong password in Chinese, the same for an unknown account', async () => {
    const { wrapper } = await signIn(() => {
      throw graphqlError('UNAUTHENTICATED', 'Wrong username or password');
    });
    expect(wrapper.find('[role=alert]').text()).toContain('账号或密码不对');
  });

  it('keeps the member’s name, role and region and opens the console', async () => {
    const { router } = await signIn(() => ({
      login: {
        token: 't',
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        viewer: {
          staff: {
            id: 's1',
            username: 'demo-district',
            displayName: '区管理中心演示账号',
            role: 'DISTRICT_ADMIN',
            enabled: true,
            region: { code: '370404', name: '峄城区', level: 'DISTRICT' },
          },
        },
      },
    }));
    expect(session.current).toMatchObject({
      displayName: '区管理中心演示账号',
      role: 'DISTRICT_ADMIN',
      regionName: '峄城区',
    });
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/'));
  });
});

describe('项目管理', () => {
  it('offers new, edit, activate and close to a district admin', async () => {
    signInAs('DISTRICT_ADMIN');
    stubServer({
      ConsoleCampaigns: () => ({ campaigns: [campaign(), campaign({ id: 'c2', slug: 'draft-1', status: 'DRAFT' })] }),
    });
    const { wrapper } = await mountPage(CampaignsPage, '/campaigns');
    await settle(10);
    expect(wrapper.text()).toContain('2026年慈心一日捐');
    expect(wrapper.find('[data-test=write-new-campaign]').exists()).toBe(true);
    expect(wrapper.findAll('[data-test=write-activate]')).toHaveLength(1);
    expect(wrapper.findAll('[data-test=write-close]')).toHaveLength(1);
  });

  it('shows an auditor every campaign and no button that changes anything', async () => {
    signInAs('AUDITOR');
    stubServer({
      ConsoleCampaigns: () => ({ campaigns: [campaign(), campaign({ id: 'c2', slug: 'draft-1', status: 'DRAFT' })] }),
    });
    const { wrapper } = await mountPage(CampaignsPage, '/campaigns');
    await settle(10);
    expect(wrapper.text()).toContain('2026年慈心一日捐');
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
  });

  it('sends amounts typed in 元 as integer fen, and shows the server’s field error on its field', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleCreateCampaign: () => {
        throw graphqlError('BAD_USER_INPUT', 'input.goalFen: 目标金额不能超过 1 亿元', 'input.goalFen');
      },
    });
    const { wrapper } = await mountPage(CampaignEditPage, '/campaigns/new');
    await wrapper.find('[data-test=campaign-title]').setValue('助学项目');
    await wrapper.find('[data-test=campaign-slug]').setValue('zhuxue-2026');
    await wrapper.find('[data-test=campaign-goal]').setValue('0.29');
    await wrapper.find('[data-test=campaign-suggested]').setValue('10, 19.99');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    await flushPromises();
    const sent = calls.find((c) => c.operation === 'ConsoleCreateCampaign')!.variables.input as Record<string, unknown>;
    expect(sent).toMatchObject({
      title: '助学项目',
      slug: 'zhuxue-2026',
      goalFen: 29,
      suggestedAmountsFen: [1000, 1999],
    });
    expect(wrapper.find('[data-field=goal]').text()).toContain('目标金额不能超过 1 亿元');
  });

  it('keeps the images already on a campaign when one is removed, and clears the cover only when it is removed', async () => {
    signInAs('DISTRICT_ADMIN');
    const images = {
      coverImageId: 'f-cover',
      coverImageUrl: '/files/public/cover.jpg',
      imageIds: ['f-1', 'f-2', 'f-3'],
      imageUrls: ['/files/public/1.jpg', '/files/public/2.jpg', '/files/public/3.jpg'],
    };
    const calls = stubServer({
      ConsoleCampaign: () => ({ campaign: campaign(images) }),
      ConsoleUpdateCampaign: () => ({ updateCampaign: campaign(images) }),
    });
    const { wrapper } = await mountPage(CampaignEditPage, '/campaigns/cixin-yiri-juan-2026/edit', {
      slug: 'cixin-yiri-juan-2026',
    });
    await settle(10);
    const sent = () => calls.filter((c) => c.operation === 'ConsoleUpdateCampaign').at(-1)!.variables.input;

    // The second gallery image removed: the first and third go back, the cover is left alone.
    await wrapper.findAll('[data-test=campaign-gallery-item] button.remove')[1].trigger('click');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    expect(sent()).toMatchObject({ imageIds: ['f-1', 'f-3'] });
    expect(sent()).not.toHaveProperty('coverImageId');

    // The cover removed: null clears it.
    await wrapper.find('[data-test=campaign-cover-item] button.remove').trigger('click');
    await wrapper.find('form').trigger('submit');
    await settle(10);
    expect(sent()).toMatchObject({ coverImageId: null, imageIds: ['f-1', 'f-3'] });
  });
});

describe('人员管理 and 操作日志', () => {
  it('lists the staff of the member’s region; the auditor cannot create, disable or reset', async () => {
    signInAs('AUDITOR');
    const calls = stubServer({
      ConsoleStaffList: () => ({
        staffList: [
          {
            id: 's2',
            username: 'demo-town',
            displayName: '坛山街道演示账号',
            role: 'TOWN_OPERATOR',
            enabled: true,
            region: { code: '370404001', name: '坛山街道', level: 'TOWN' },
          },
        ],
      }),
    });
    const { wrapper } = await mountPage(StaffPage, '/staff');
    await settle(10);
    expect(calls[0].variables).toEqual({ regionCode: '370404' });
    expect(wrapper.text()).toContain('坛山街道演示账号');
    expect(wrapper.findAll('[data-test^=write-]')).toHaveLength(0);
  });

  it('pages the audit log by its cursor, older and back', async () => {
    signInAs('DISTRICT_ADMIN');
    const entry = (id: string) => ({
      id,
      at: '2026-12-03T01:00:00Z',
      action: 'staff.create',
      actionLabel: '新建工作人员',
      actorUsername: 'demo-district',
      targetType: 'staff',
      targetLabel: '工作人员',
      targetId: id,
      requestId: null,
      summary: { username: `u${id}` },
      region: { code: '370404', name: '峄城区' },
    });
    const calls = stubServer({
      ConsoleAuditLog20: (v) =>
        v.before
          ? { auditLog: { entries: [entry('1')], nextBefore: null } }
          : { auditLog: { entries: [entry('2')], nextBefore: '2' } },
      ConsoleRegionTree: () => ({ region: { code: '370404', name: '峄城区', level: 'DISTRICT', children: [] } }),
      ConsoleAuditActions: () => ({
        auditActions: [
          { code: 'staff.create', label: '新建工作人员' },
          { code: 'campaign.close', label: '结束项目' },
        ],
      }),
    });
    const { wrapper } = await mountPage(AuditLogPage, '/audit');
    await settle(10);
    expect(wrapper.text()).toContain('u2');
    // The action and its object in Chinese, not the codes.
    const firstRow = wrapper.find('.el-table__body tr').text();
    expect(firstRow).toContain('新建工作人员');
    expect(firstRow).toContain('工作人员');
    expect(firstRow).not.toContain('staff.create');
    await wrapper.find('[data-test=page-older]').trigger('click');
    await settle(10);
    expect(wrapper.text()).toContain('u1');
    expect(calls.filter((c) => c.operation === 'ConsoleAuditLog20').map((c) => c.variables.before ?? null)).toEqual([
      null,
      '2',
    ]);
    await wrapper.find('[data-test=page-newer]').trigger('click');
    await settle(10);
    expect(wrapper.text()).toContain('u2');

    // Choosing 结束项目 in the filter asks for that action's code, from the first page.
    (wrapper.vm as unknown as { $: { setupState: { filter: { action: string } } } }).$.setupState.filter.action =
      'campaign.close';
    await settle(10);
    const last = calls.filter((c) => c.operation === 'ConsoleAuditLog20').at(-1)!;
    expect(last.variables).toMatchObject({ filter: { action: 'campaign.close' } });
    expect(last.variables.before).toBeUndefined();
  });
});
