import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import { RegionService, ServiceNodeEntity } from '@shanchou/regions';
import DataLoader from 'dataloader';
import { CustodyEventEntity } from './custody-event.entity';
import { GoodsRepository } from './goods.repository';
import { ItemEntity } from './item.entity';
import { ParcelEntity } from './parcel.entity';

export interface LoaderSources {
  regions: RegionService;
  goods: GoodsRepository;
}

/** The per-request loaders of goods fields: one query per level of a query, not one per row. */
export function goodsLoaders(ctx: GraphqlContext, { regions, goods }: LoaderSources) {
  return {
    node: ctx.loaders.get(
      'goods.node',
      () =>
        new DataLoader<string, ServiceNodeEntity | null>(async (ids) =>
          indexBy(ids, await regions.nodesByIds(ids), (n) => n.id),
        ),
    ),
    parcel: ctx.loaders.get(
      'goods.parcel',
      () =>
        new DataLoader<string, ParcelEntity | null>(async (ids) =>
          indexBy(ids, await goods.parcelsByIds(ids), (p) => p.id),
        ),
    ),
    contents: ctx.loaders.get(
      'goods.contents',
      () =>
        new DataLoader<string, ItemEntity[]>(async (ids) =>
          groupBy(ids, await goods.contentsOf(ids), (c) => c.parcelId).map((group) => group.map((c) => c.item)),
        ),
    ),
    itemHistory: ctx.loaders.get(
      'goods.itemHistory',
      () =>
        new DataLoader<string, CustodyEventEntity[]>(async (ids) =>
          groupBy(ids, await goods.eventsOfItems(ids), (e) => e.itemId ?? ''),
        ),
    ),
    parcelHistory: ctx.loaders.get(
      'goods.parcelHistory',
      () =>
        new DataLoader<string, CustodyEventEntity[]>(async (ids) =>
          groupBy(ids, await goods.eventsOfParcels(ids), (e) => e.parcelId ?? ''),
        ),
    ),
  };
}
