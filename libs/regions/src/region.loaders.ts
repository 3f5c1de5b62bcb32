import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import DataLoader from 'dataloader';
import { RegionEntity } from './region.entity';
import { RegionService } from './region.service';
import { ServiceNodeEntity } from './service-node.entity';

/** The per-request loaders of the region tree, created on first use. */
export function regionLoaders(ctx: GraphqlContext, regions: RegionService) {
  return {
    byId: ctx.loaders.get(
      'region.byId',
      () =>
        new DataLoader<string, RegionEntity | null>(async (ids) => indexBy(ids, await regions.byIds(ids), (r) => r.id)),
    ),
    children: ctx.loaders.get(
      'region.children',
      () =>
        new DataLoader<string, RegionEntity[]>(async (ids) =>
          groupBy(ids, await regions.childrenOf(ids), (r) => r.parentId ?? ''),
        ),
    ),
    node: ctx.loaders.get(
      'region.node',
      () =>
        new DataLoader<string, ServiceNodeEntity | null>(async (ids) =>
          indexBy(ids, await regions.nodesOf(ids), (n) => n.regionId),
        ),
    ),
  };
}
