import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import { RegionScope } from '@shanchou/identity';
import { RegionService, ServiceNodeEntity } from '@shanchou/regions';
import DataLoader from 'dataloader';
import { CustodyEventEntity } from './custody-event.entity';
import { GoodsRepository, ParcelContents } from './goods.repository';
import { ParcelEntity } from './parcel.entity';

export interface LoaderSources {
  regions: RegionService;
  goods: GoodsRepository;
}

/** Service nodes by id: the network's centres are public (the public track names them). */
export function nodeLoader(ctx: GraphqlContext, regions: RegionService) {
  return ctx.loaders.get(
    'goods.node',
    () =>
      new DataLoader<string, ServiceNodeEntity | null>(async (ids) =>
        indexBy(ids, await regions.nodesByIds(ids), (n) => n.id),
      ),
  );
}

/**
 * The per-request loaders of goods fields: one query per level of a query, not one per row. Each
 * reads through the caller's scope, so a nested field loads nothing the caller may not see.
 */
export function goodsLoaders(ctx: GraphqlContext, scope: RegionScope, { goods }: LoaderSources) {
  const key = (name: string) => `goods.${name}:${scope.role}:${scope.rootPath}`;
  return {
    parcel: ctx.loaders.get(
      key('parcel'),
      () =>
        new DataLoader<string, ParcelEntity | null>(async (ids) =>
          indexBy(ids, await goods.parcelsByIds(scope, ids), (p) => p.id),
        ),
    ),
    contents: ctx.loaders.get(
      key('contents'),
      () =>
        new DataLoader<string, ParcelContents>(async (ids) => {
          const found = await goods.contentsOf(scope, ids);
          return ids.map((id) => found.get(id) ?? { items: [], othersCount: 0 });
        }),
    ),
    itemHistory: ctx.loaders.get(
      key('itemHistory'),
      () =>
        new DataLoader<string, CustodyEventEntity[]>(async (ids) =>
          groupBy(ids, await goods.eventsOfItems(scope, ids), (e) => e.itemId ?? ''),
        ),
    ),
    parcelHistory: ctx.loaders.get(
      key('parcelHistory'),
      () =>
        new DataLoader<string, CustodyEventEntity[]>(async (ids) =>
          groupBy(ids, await goods.eventsOfParcels(scope, ids), (e) => e.parcelId ?? ''),
        ),
    ),
  };
}
