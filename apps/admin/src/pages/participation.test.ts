import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession } from '../session';
import { settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import ParticipationPage from './ParticipationPage.vue';

const CAMPAIGNS = () => ({
  campaigns: [
    { id: 'c-closed', slug: 'old', title: '2025年慈心一日捐', status: 'CLOSED' },
    { id: 'c-active', slug: 'cixin-yiri-juan-2026', title: '2026年慈心一日捐', status: 'ACTIVE' },
  ],
});
const REGION_TREE = () => ({ region: { code: '370404', name: '峄城区', level: 'DISTRICT', children: [] } });
const unit = (id: string, name: string, kind = 'WORK_UNIT') => ({
  id,
  name,
  kind,
  regionCode: '370404',
  regionName: '峄城区',
});

beforeEach(() => clearSession());

describe('参与情况', () => {
  it('ranks the units of the open campaign, with participation against the roster and amounts in 元', async () => {
    signInAs('AUDITOR');
    const calls = stubServer({
      ConsoleCampaignChoices: CAMPAIGNS,
      ConsoleRegionTree: REGION_TREE,
      ConsoleOrganizationParticipation: () => ({
        organizationRanking: [
          {
            rank: 1,
            participants: 3,
            rosterSize: 4,
            participationRate: 0.75,
            donationCount: 5,
            raisedFen: 123_456,
            organization: unit('o1', '峄城区民政局'),
          },
          {
            rank: 2,
            participants: 1,
            rosterSize: null,
            participationRate: null,
            donationCount: 1,
            raisedFen: 100,
            organization: unit('o2', '坛山街道第一党支部', 'PARTY_BRANCH'),
          },
        ],
      }),
    });
    const { wrapper } = await mountPage(ParticipationPage, '/participation');
    await settle(10);

    const asked = calls.filter((c) => c.operation === 'ConsoleOrganizationParticipation');
    expect(asked.at(-1)!.variables).toEqual({ campaignId: 'c-active' });
    const rows = wrapper.findAll('.el-table__body tr').map((tr) => tr.text());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('峄城区民政局');
    expect(rows[0]).toContain('75.0%');
    expect(rows[0]).toContain('1,234.56');
    expect(rows[1]).toContain('党支部');
    expect(rows[1]).toContain('未导入');
    expect(rows[1]).toContain('—');
  });

  it('asks again for the campaign and kind chosen', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleCampaignChoices: CAMPAIGNS,
      ConsoleRegionTree: REGION_TREE,
      ConsoleOrganizationParticipation: () => ({ organizationRanking: [] }),
    });
    const { wrapper } = await mountPage(ParticipationPage, '/participation');
    await settle(10);
    expect(wrapper.text()).toContain('这个项目还没有以单位名义的捐赠');
    const state = (wrapper.vm as unknown as { $: { setupState: { campaignId: string; kind: string } } }).$.setupState;
    state.campaignId = 'c-closed';
    state.kind = 'PARTY_BRANCH';
    await settle(10);
    expect(calls.filter((c) => c.operation === 'ConsoleOrganizationParticipation').at(-1)!.variables).toEqual({
      campaignId: 'c-closed',
      kind: 'PARTY_BRANCH',
    });
  });
});
