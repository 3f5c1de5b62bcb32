import { INestApplicationContext } from '@nestjs/common';
import {
  CampaignKind,
  CampaignService,
  NewCampaign,
  NewOrganization,
  OrganizationKind,
  OrganizationService,
} from '@shanchou/campaigns';
import { Role, StaffService } from '@shanchou/identity';
import { RegionService, TreeLoadResult } from '@shanchou/regions';
import { YICHENG_DISTRICT } from './yicheng-regions';

export const DEMO_PASSWORD = 'demo123456';

/** The demo staff of API.md, exactly: never created in production. */
export const DEMO_STAFF = [
  { username: 'demo-district', displayName: '区管理中心演示账号', role: Role.DISTRICT_ADMIN, regionCode: '370404' },
  { username: 'demo-town', displayName: '坛山街道演示账号', role: Role.TOWN_OPERATOR, regionCode: '370404001' },
  { username: 'demo-town2', displayName: '吴林街道演示账号', role: Role.TOWN_OPERATOR, regionCode: '370404002' },
  {
    username: 'demo-village',
    displayName: '坛山社区演示账号',
    role: Role.VILLAGE_OPERATOR,
    regionCode: '370404001001',
  },
] as const;

/** The demo campaigns of API.md: one of each everyday kind, all ACTIVE. */
export const DEMO_CAMPAIGNS: NewCampaign[] = [
  {
    slug: 'cixin-yiri-juan-2026',
    kind: CampaignKind.ONE_DAY_PAY,
    title: '2026年慈心一日捐',
    story: '捐出一天收入，帮助峄城区困难群众。',
    goalFen: 50_000_000,
    suggestedAmountsFen: [1000, 5000, 10000, 20000],
  },
  {
    slug: 'yiyuan-aixin-dangfei',
    kind: CampaignKind.PARTY_DUES,
    title: '一元爱心党费',
    story: '每位党员每月一元，汇聚爱心。',
  },
  {
    slug: 'fupin-shanchou',
    kind: CampaignKind.GENERAL,
    title: '扶贫善筹',
    story: '综合救助：助学、助医、助困。',
    suggestedAmountsFen: [500, 2000, 5000],
  },
];

/** Made-up work units and party branches, so the donor's organisation picker has something in it. */
export const DEMO_ORGANIZATIONS: NewOrganization[] = [
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区民政局', regionCode: '370404' },
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区人民医院', regionCode: '370404' },
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区实验小学', regionCode: '370404001' },
  { kind: OrganizationKind.PARTY_BRANCH, name: '坛山社区党支部', regionCode: '370404001001' },
  { kind: OrganizationKind.WORK_UNIT, name: '吴林街道办事处', regionCode: '370404002' },
  { kind: OrganizationKind.PARTY_BRANCH, name: '曹庄村党支部', regionCode: '370404002201' },
];

export interface DemoSeedResult {
  regions: TreeLoadResult;
  staff: number;
  campaigns: number;
  organizations: number;
}

/** Where the seed finds the services it loads through: the running application. */
export type DemoSeedApp = Pick<INestApplicationContext, 'get'>;

/**
 * The demo data of API.md ("Demo seed"). Idempotent: running it again changes nothing.
 * Never called when NODE_ENV=production (the callers check, and so does this).
 */
export async function seedDemo(app: DemoSeedApp, nodeEnv: string): Promise<DemoSeedResult> {
  if (nodeEnv === 'production') throw new Error('the demo seed is never loaded in production');
  const regions = await app.get(RegionService).loadTree(YICHENG_DISTRICT);
  const staff = await app.get(StaffService).provision(DEMO_STAFF.map((s) => ({ ...s, password: DEMO_PASSWORD })));
  await app.get(CampaignService).provision(DEMO_CAMPAIGNS);
  await app.get(OrganizationService).provision(DEMO_ORGANIZATIONS);
  return {
    regions,
    staff: staff.length,
    campaigns: DEMO_CAMPAIGNS.length,
    organizations: DEMO_ORGANIZATIONS.length,
  };
}
