import { INestApplicationContext } from '@nestjs/common';
import { MIGRATIONS, SeedRuns } from '@shanchou/core';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  CampaignKind,
  CampaignService,
  NewCampaign,
  NewOrganization,
  OrganizationKind,
  OrganizationService,
} from '@shanchou/campaigns';
import { Role, StaffService } from '@shanchou/identity';
import { DemoEvent, OutreachEventService, OutreachKind } from '@shanchou/outreach';
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

/** Made-up work units and party branches, so the donor's organisation picker has something in it. */
export const DEMO_ORGANIZATIONS: NewOrganization[] = [
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区民政局', regionCode: '370404' },
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区人民医院', regionCode: '370404' },
  { kind: OrganizationKind.WORK_UNIT, name: '峄城区实验小学', regionCode: '370404001' },
  { kind: OrganizationKind.PARTY_BRANCH, name: '坛山社区党支部', regionCode: '370404001001' },
  { kind: OrganizationKind.WORK_UNIT, name: '吴林街道办事处', regionCode: '370404002' },
  { kind: OrganizationKind.PARTY_BRANCH, name: '曹庄村党支部', regionCode: '370404002201' },
];

/**
 * One upcoming outreach event of each kind (API.md), in the days after the seed runs; 送法下乡
 * in 坛山街道, so demo-town can run it, and 送医下乡 in 吴林街道, for demo-town2.
 */
export const DEMO_EVENTS: DemoEvent[] = [
  {
    title: '石榴栽培与病虫害防治培训',
    kind: OutreachKind.SCIENCE_TECH,
    regionCode: '370404103201',
    place: '贾泉村村委会会议室',
    organiser: '峄城区科学技术协会',
    description: '区农业农村局专家讲解石榴冬季修剪、病虫害防治，现场答疑。',
    neededSkills: ['果树栽培', '植保'],
    capacity: 6,
    inDays: 3,
    from: '09:00',
    until: '11:30',
  },
  {
    title: '送戏下乡·柳琴戏专场',
    kind: OutreachKind.CULTURE,
    regionCode: '370404100201',
    place: '古邵村文化广场',
    organiser: '峄城区文化和旅游局',
    description: '柳琴戏专场演出，志愿者负责场地布置、引导和秩序维护。',
    neededSkills: ['文艺演出', '现场引导'],
    capacity: 10,
    inDays: 5,
    from: '14:00',
    until: '17:00',
  },
  {
    title: '法律进村·法律咨询与普法宣传',
    kind: OutreachKind.LAW,
    regionCode: '370404001002',
    place: '东关社区党群服务中心',
    organiser: '峄城区司法局',
    description: '律师现场解答婚姻家庭、土地承包、劳动报酬等法律问题，发放普法资料。',
    neededSkills: ['法律咨询'],
    capacity: 4,
    inDays: 7,
    from: '09:00',
    until: '12:00',
  },
  {
    title: '送医下乡·健康义诊',
    kind: OutreachKind.MEDICAL,
    regionCode: '370404002201',
    place: '曹庄村卫生室',
    organiser: '峄城区卫生健康局',
    description: '测血压血糖、常见病咨询、慢病随访，为老年人建立健康档案。',
    neededSkills: ['义诊', '护理'],
    capacity: 8,
    inDays: 10,
    from: '08:30',
    until: '11:30',
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
  organizations: number;
  /** Demo events created by this run (none while the earlier ones are still to come). */
  outreachEvents: number;
  households: number;
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
  // The staff's passwords are checked in the thread pool (scrypt) while the rest is written.
  const staffProvisioned = app.get(StaffService).provision(DEMO_STAFF.map((s) => ({ ...s, password: DEMO_PASSWORD })));
  const rest = (async () => {
    await app.get(CampaignService).provision(DEMO_CAMPAIGNS);
    await app.get(OrganizationService).provision(DEMO_ORGANIZATIONS);
    const households = await app.get(HouseholdService).provision(demoHouseholds());
    const outreachEvents = await app.get(OutreachEventService).provisionDemo(DEMO_EVENTS);
    return { households, outreachEvents };
  })();
  const [staff, { households, outreachEvents }] = await Promise.all([staffProvisioned, rest]);
  return {
    regions,
    staff: staff.length,
    campaigns: DEMO_CAMPAIGNS.length,
    organizations: DEMO_ORGANIZATIONS.length,
    outreachEvents,
    households,
  };
}

/** The seed's name in `seed_run`. */
const DEMO_SEED = 'demo';

/**
 * What the demo seed would write today: its data, the Beijing day (the demo events are placed
 * relative to it) and the schema it is written into. The same fingerprint, the same rows.
 */
export function demoSeedFingerprint(now = new Date()): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return createHash('sha256')
    .update(
      JSON.stringify({
        day,
        schema: MIGRATIONS.map((m) => m.name),
        regions: YICHENG_DISTRICT,
        staff: DEMO_STAFF,
        password: DEMO_PASSWORD,
        campaigns: DEMO_CAMPAIGNS,
        organizations: DEMO_ORGANIZATIONS,
        households: demoHouseholds(),
        events: DEMO_EVENTS,
      }),
    )
    .digest('hex');
}

export type DemoSeedOutcome =
  { loaded: true; result: DemoSeedResult } | { loaded: false; fingerprint: string; loadedAt: Date };

/**
 * `npm start`'s seed: loaded when this database has not had today's seed yet (a new database, a
 * new day, a changed seed or schema), skipped otherwise. A warm start thus keeps what a tester
 * changed in the demo data that day (a demo password too); `npm run seed:demo` loads it anyway.
 */
export async function seedDemoIfChanged(app: DemoSeedApp, nodeEnv: string, now = new Date()): Promise<DemoSeedOutcome> {
  const runs = new SeedRuns(app.get(DataSource));
  const fingerprint = demoSeedFingerprint(now);
  const last = await runs.last(DEMO_SEED);
  if (last?.fingerprint === fingerprint) return { loaded: false, fingerprint, loadedAt: last.loadedAt };
  const result = await seedDemo(app, nodeEnv);
  await runs.record(DEMO_SEED, fingerprint);
  return { loaded: true, result };
}
