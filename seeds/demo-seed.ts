import { CampaignKind, CampaignService, NewCampaign } from '@shanchou/campaigns';
import { Role, StaffService } from '@shanchou/identity';
import { HouseholdService, identityCheckCharacter, ProvisionedHousehold } from '@shanchou/logistics';
import { RegionLevel, RegionService, RegionTreeNode, TreeLoadResult } from '@shanchou/regions';
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

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
];
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '志强',
  '玉梅',
  '德华',
  '淑珍',
  '海军',
  '春花',
  '永福',
  '凤英',
  '长山',
  '金凤',
  '来顺',
];
const RELATIONS = ['配偶', '子女', '父母', '孙子女'];
const NEEDS = ['冬衣、棉被', '助学: 书包文具', '米面粮油', '老人护理用品', '小家电: 电暖器', '春耕化肥'];

/**
 * 建档立卡贫困户 for the demo: two in every village, names made up (drawn from common surnames
 * and given names), identity numbers made up but well-formed (birth dates 1950–1979).
 */
export function demoHouseholds(district: RegionTreeNode = YICHENG_DISTRICT): ProvisionedHousehold[] {
  const villages = (district.children ?? []).flatMap((town) =>
    (town.children ?? []).filter((v) => v.level === RegionLevel.VILLAGE),
  );
  return villages.flatMap((village, v) =>
    [1, 2].map((serial) => {
      const n = v * 2 + serial;
      const surname = SURNAMES[n % SURNAMES.length];
      const birth = `19${50 + (n % 30)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}`;
      const first17 = `${district.code}${birth}${String(100 + n).slice(-3)}`;
      const memberCount = 1 + (n % 4);
      return {
        regionCode: village.code,
        serial,
        headName: surname + GIVEN[n % GIVEN.length],
        identityNumber: first17 + identityCheckCharacter(first17),
        memberCount,
        members: Array.from({ length: memberCount - 1 }, (_, m) => ({
          name: (m === 0 ? SURNAMES[(n + 5) % SURNAMES.length] : surname) + GIVEN[(n + m + 3) % GIVEN.length],
          relation: RELATIONS[m % RELATIONS.length],
        })),
        needs: NEEDS[n % NEEDS.length],
      };
    }),
  );
}

export interface DemoSeedResult {
  regions: TreeLoadResult;
  staff: number;
  campaigns: number;
  households: number;
}

/** Anything the demo seed needs, resolved from the running application. */
export interface DemoSeedDeps {
  regions: RegionService;
  staff: StaffService;
  campaigns: CampaignService;
  households: HouseholdService;
}

/**
 * The demo data of API.md ("Demo seed"). Idempotent: running it again changes nothing.
 * Never called when NODE_ENV=production (the callers check, and so does this).
 */
export async function seedDemo(deps: DemoSeedDeps, nodeEnv: string): Promise<DemoSeedResult> {
  if (nodeEnv === 'production') throw new Error('the demo seed is never loaded in production');
  const regions = await deps.regions.loadTree(YICHENG_DISTRICT);
  const staff = await deps.staff.provision(DEMO_STAFF.map((s) => ({ ...s, password: DEMO_PASSWORD })));
  await deps.campaigns.provision(DEMO_CAMPAIGNS);
  const households = await deps.households.provision(demoHouseholds());
  return { regions, staff: staff.length, campaigns: DEMO_CAMPAIGNS.length, households };
}
