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

export interface DemoSeedResult {
  regions: TreeLoadResult;
  staff: number;
}

/** Anything the demo seed needs, resolved from the running application. */
export interface DemoSeedDeps {
  regions: RegionService;
  staff: StaffService;
}

/**
 * The demo data of API.md ("Demo seed"). Idempotent: running it again changes nothing.
 * Never called when NODE_ENV=production (the callers check, and so does this).
 */
export async function seedDemo(deps: DemoSeedDeps, nodeEnv: string): Promise<DemoSeedResult> {
  if (nodeEnv === 'production') throw new Error('the demo seed is never loaded in production');
  const regions = await deps.regions.loadTree(YICHENG_DISTRICT);
  const staff = await deps.staff.provision(DEMO_STAFF.map((s) => ({ ...s, password: DEMO_PASSWORD })));
  return { regions, staff: staff.length };
}
