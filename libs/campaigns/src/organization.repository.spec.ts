import { Transactions } from '@shanchou/core';
import { RegionScope, Role } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { createTestApp, TestApp } from '@shanchou/test';
import { randomUUID } from 'node:crypto';
import { CampaignService } from './campaign.service';
import { OrganizationEntity } from './organization.entities';
import { OrganizationRepository } from './organization.repository';
import { OrganizationService } from './organization.service';

/**
 * Organisations read by staff go through the caller's scope in SQL; the public list keeps the
 * region tree's order although the tree itself is read by the regions module, not joined here.
 */
describe('OrganizationRepository', () => {
  let t: TestApp;
  let repo: OrganizationRepository;
  let district: RegionScope;
  let tanshan: RegionScope; // 坛山街道
  let wulin: OrganizationEntity; // 吴林街道办事处, outside 坛山
  let shiyan: OrganizationEntity; // 峄城区实验小学, in 坛山

  const scopeOf = async (role: Role, code: string) => {
    const region = await t.app.get(RegionService).requireByCode(code);
    return RegionScope.of({ role, regionId: region.id, regionPath: region.path });
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    repo = t.app.get(OrganizationRepository);
    district = await scopeOf(Role.DISTRICT_ADMIN, '370404');
    tanshan = await scopeOf(Role.TOWN_OPERATOR, '370404001');
    const all = await repo.publicList({});
    wulin = all.find((o) => o.name === '吴林街道办事处')!;
    shiyan = all.find((o) => o.name === '峄城区实验小学')!;
  });

  afterAll(() => t.close());

  it('finds an organisation only inside the scope', async () => {
    expect((await repo.findInScope(tanshan, shiyan.id))?.id).toBe(shiyan.id);
    expect(await repo.findInScope(tanshan, wulin.id)).toBeNull();
    expect((await repo.findInScope(district, wulin.id))?.id).toBe(wulin.id);
    expect(await repo.findNamed(tanshan, wulin.regionId, wulin.name)).toBeNull();
    expect((await repo.findNamed(district, wulin.regionId, wulin.name))?.id).toBe(wulin.id);
  });

  it('locks a roster only when its organisation lies inside the scope', async () => {
    const [campaign] = await t.app.get(CampaignService).list();
    const key = { campaignId: campaign.id, organizationId: wulin.id };
    const member = { line: 2, name: '某人', memberNo: null };
    await t.app
      .get(Transactions)
      .run((tx) => repo.replaceRoster(tx, key, [member], { staffId: randomUUID(), at: new Date() }));
    const lock = (scope: RegionScope) => t.app.get(Transactions).run((tx) => repo.lockRoster(tx, scope, key));
    expect(await lock(tanshan)).toBeNull();
    expect((await lock(district))?.size).toBe(1);
  });

  it('lists organisations in region-tree order, then by name', async () => {
    const names = (await t.app.get(OrganizationService).list()).map((o) => `${o.regionCode} ${o.name}`);
    expect(names).toEqual([
      '370404 峄城区人民医院',
      '370404 峄城区民政局',
      '370404001 峄城区实验小学',
      '370404001001 坛山社区党支部',
      '370404002 吴林街道办事处',
      '370404002201 曹庄村党支部',
    ]);
  });
});
