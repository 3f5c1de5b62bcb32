import type { Role } from './session';

/** A page of the console: where it is, what it is called, who sees it in the menu. */
export interface ConsolePage {
  path: string;
  title: string;
  roles: readonly Role[];
  /** Its group in the side menu; none for the home page. */
  group?: string;
}

const DISTRICT: readonly Role[] = ['DISTRICT_ADMIN', 'AUDITOR'];
const EVERYONE: readonly Role[] = ['DISTRICT_ADMIN', 'AUDITOR', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR'];
/** Whoever takes a gift at a centre's desk (recordOfflineGift): not the auditor, who reads only. */
const DESK: readonly Role[] = ['DISTRICT_ADMIN', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR'];

/**
 * The side menu, by role: the district admin everything, the auditor everything read-only, town
 * and village operators their own region's goods, households, needs and events. (The server
 * checks every request anyway; the menu only leaves out what would be refused.)
 */
export const MENU: readonly ConsolePage[] = [
  { path: '/', title: '首页', roles: EVERYONE },
  { path: '/campaigns', title: '项目管理', roles: DISTRICT, group: '筹款' },
  { path: '/donations', title: '捐赠查询', roles: DISTRICT, group: '筹款' },
  { path: '/reconciliation', title: '对账', roles: DISTRICT, group: '筹款' },
  // The district's receiving account: a district admin imports its statements, the auditor reads them.
  { path: '/bank-statements', title: '银行流水对账', roles: DISTRICT, group: '筹款' },
  { path: '/participation', title: '参与情况', roles: DISTRICT, group: '筹款' },
  { path: '/jobs', title: '失败任务', roles: DISTRICT, group: '筹款' },
  // Town and village operators file (上报) and accept (验收) for their region; the auditor reads.
  { path: '/fund-requests', title: '资金申请', roles: EVERYONE, group: '筹款' },
  // Town operators record their towns' units' remittances; only a district admin confirms one.
  { path: '/remittances', title: '线下汇款', roles: ['DISTRICT_ADMIN', 'AUDITOR', 'TOWN_OPERATOR'], group: '筹款' },
  // One person's cash, transfer or cheque taken at a district, town or village centre, its receipt printed there.
  { path: '/offline-gifts/new', title: '登记个人捐赠', roles: DESK, group: '筹款' },
  // 公益事业捐赠票据 asked for by donors and units: a district admin issues or refuses them, the auditor reads.
  { path: '/official-receipts', title: '捐赠票据', roles: DISTRICT, group: '筹款' },
  { path: '/goods', title: '物资', roles: EVERYONE, group: '物资与帮扶' },
  { path: '/households', title: '贫困户', roles: EVERYONE, group: '物资与帮扶' },
  { path: '/needs', title: '帮扶需求', roles: EVERYONE, group: '物资与帮扶' },
  { path: '/offers', title: '捐赠意向', roles: EVERYONE, group: '物资与帮扶' },
  { path: '/events', title: '下乡活动', roles: EVERYONE, group: '物资与帮扶' },
  // Donations for the district admin and auditor; the other exports for any staff, in scope.
  { path: '/exports', title: '数据导出', roles: EVERYONE, group: '系统' },
  { path: '/staff', title: '人员管理', roles: DISTRICT, group: '系统' },
  { path: '/organizations', title: '组织', roles: DISTRICT, group: '系统' },
  { path: '/audit', title: '操作日志', roles: DISTRICT, group: '系统' },
];

export function menuFor(role: Role | null): ConsolePage[] {
  return role ? MENU.filter((p) => p.roles.includes(role)) : [];
}

/** The menu groups in order, each with its pages. */
export function groupedMenu(role: Role | null): { group: string | null; pages: ConsolePage[] }[] {
  const groups: { group: string | null; pages: ConsolePage[] }[] = [];
  for (const page of menuFor(role)) {
    const group = page.group ?? null;
    let entry = groups.find((g) => g.group === group);
    if (!entry) groups.push((entry = { group, pages: [] }));
    entry.pages.push(page);
  }
  return groups;
}

export function rolesFor(path: string): readonly Role[] {
  return MENU.find((p) => p.path === path)?.roles ?? EVERYONE;
}
