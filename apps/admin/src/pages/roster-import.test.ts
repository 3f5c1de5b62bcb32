import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import OrganizationsPage from './OrganizationsPage.vue';

const REGION_TREE = () => ({ region: { code: '370404', name: '峄城区', level: 'DISTRICT', children: [] } });

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

describe('组织: importing a roster', () => {
  it('sends the CSV and lists the server’s Chinese refusal, naming the line and the column', async () => {
    signInAs('DISTRICT_ADMIN');
    const calls = stubServer({
      ConsoleOrganizations: () => ({
        organizations: [
          { id: 'o1', name: '坛山卫生院', kind: 'WORK_UNIT', regionCode: '370404001', regionName: '坛山街道' },
        ],
      }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleCampaignChoices: () => ({
        campaigns: [{ id: 'c1', slug: 'cixin', title: '慈心一日捐', status: 'ACTIVE' }],
      }),
      ConsoleOrganizationRoster: () => ({ organizationRoster: [] }),
      ConsoleImportRoster: () => {
        throw graphqlError('BAD_USER_INPUT', 'csv: 第 3 行「工号」A1 与第 2 行重复', 'csv');
      },
    });
    const { wrapper } = await mountPage(OrganizationsPage, '/organizations');
    await settle(10);
    await wrapper.find('[data-test=roster]').trigger('click');
    await settle(10);
    const input = document.querySelector<HTMLInputElement>('[data-test=roster-file]')!;
    const file = new File(['姓名,工号\n张伟,A1\n李娜,A1\n'], 'roster.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await settle(15);
    expect(calls.find((c) => c.operation === 'ConsoleImportRoster')!.variables).toEqual({
      organizationId: 'o1',
      campaignId: 'c1',
      csv: '姓名,工号\n张伟,A1\n李娜,A1\n',
    });
    const items = [...document.querySelectorAll('[data-test=import-errors] li')].map((li) => li.textContent);
    expect(items).toEqual(['第 3 行「工号」A1 与第 2 行重复']);
  });
});
