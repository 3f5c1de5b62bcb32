import { RegionLevel, RegionService } from '@shanchou/regions';
import { TestApp } from './test-app';

/** 台儿庄区, a second district beside the demo's 峄城区: its one street and one community. */
export const OTHER_DISTRICT = { district: '370405', town: '370405001', village: '370405001001' } as const;

/**
 * Loads 台儿庄区 (运河街道, 运河社区) into a test app's regions, so that a district's staff have
 * an "other" region outside their scope.
 */
export async function loadOtherDistrict(t: Pick<TestApp, 'app'>): Promise<void> {
  await t.app.get(RegionService).loadTree({
    code: OTHER_DISTRICT.district,
    name: '台儿庄区',
    level: RegionLevel.DISTRICT,
    children: [
      {
        code: OTHER_DISTRICT.town,
        name: '运河街道',
        level: RegionLevel.TOWN,
        children: [{ code: OTHER_DISTRICT.village, name: '运河社区', level: RegionLevel.VILLAGE }],
      },
    ],
  });
}
