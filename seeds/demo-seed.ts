import { RegionService, TreeLoadResult } from '@shanchou/regions';
import { YICHENG_DISTRICT } from './yicheng-regions';

export interface DemoSeedResult {
  regions: TreeLoadResult;
}

/** Anything the demo seed needs, resolved from the running application. */
export interface DemoSeedDeps {
  regions: RegionService;
}

/**
 * The demo data of API.md ("Demo seed"). Idempotent: running it again changes nothing.
 * Never called when NODE_ENV=production (the callers check, and so does this).
 */
export async function seedDemo(deps: DemoSeedDeps, nodeEnv: string): Promise<DemoSeedResult> {
  if (nodeEnv === 'production') throw new Error('the demo seed is never loaded in production');
  const regions = await deps.regions.loadTree(YICHENG_DISTRICT);
  return { regions };
}
