import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { RegionService, Subtree } from '@shanchou/regions';
import { Repository } from 'typeorm';
import { ItemEntity } from './item.entity';
import { ItemStatus } from './logistics-enums';

/** Goods in one region below the scope's root (for a district: a street or town). */
export interface RegionGoods {
  regionCode: string;
  regionName: string;
  /** Lots registered at the region's centres (rejected ones included: they were received). */
  itemsReceived: number;
  unitsReceived: number;
  /** Units handed to the region's households. */
  unitsDelivered: number;
  householdsReached: number;
}

export interface GoodsOverview {
  itemsReceived: number;
  unitsReceived: number;
  unitsDelivered: number;
  householdsReached: number;
  /** Units at the centres now: in stock or packed, not yet on their way or delivered. */
  unitsInStock: number;
  byRegion: RegionGoods[];
}

interface Row {
  child: string;
  items: string | number;
  units: string | number;
}

/**
 * 物资总览 for the district centre: goods received at the centres of each street and town, and
 * what reached its households.
 */
@Injectable()
export class GoodsOverviewService {
  constructor(
    @InjectRepository(ItemEntity) private readonly items: Repository<ItemEntity>,
    private readonly regions: RegionService,
  ) {}

  async overview(scope: RegionScope): Promise<GoodsOverview> {
    const subtree = Subtree.of(scope);
    const receivedParams: unknown[] = [];
    const received: Row[] = await this.items.query(
      `SELECT sc.child, count(*) AS items, coalesce(sum(i.registered_quantity), 0) AS units
         FROM goods_item i
         JOIN (${subtree.nodesByChildRaw(receivedParams)}) sc ON sc.id = i.registered_node_id
        GROUP BY 1`,
      receivedParams,
    );
    const deliveredParams: unknown[] = [ItemStatus.DELIVERED];
    const delivered: (Row & { households: string | number })[] = await this.items.query(
      `SELECT sc.child, count(*) AS items, coalesce(sum(i.quantity), 0) AS units,
              count(DISTINCT i.household_id) AS households
         FROM goods_item i
         JOIN household h ON h.id = i.household_id
         JOIN (${subtree.regionsByChildRaw(deliveredParams)}) sc ON sc.id = h.region_id
        WHERE i.status = $1
        GROUP BY 1`,
      deliveredParams,
    );
    const stockParams: unknown[] = [ItemStatus.REGISTERED, ItemStatus.DISINFECTED, ItemStatus.PACKED];
    const [stock]: { units: string | number }[] = await this.items.query(
      `SELECT coalesce(sum(i.quantity), 0) AS units
         FROM goods_item i
        WHERE i.status IN ($1, $2, $3) AND ${subtree.nodeInRaw('i.node_id', stockParams)}`,
      stockParams,
    );
    const [root] = await this.regions.byIds([scope.regionId]);
    const children = root
      ? (await this.regions.childrenOf([root.id])).sort((a, b) => a.code.localeCompare(b.code))
      : [];
    const byRegion = children.map((region) => {
      const got = received.find((r) => r.child === region.code);
      const out = delivered.find((r) => r.child === region.code);
      return {
        regionCode: region.code,
        regionName: region.name,
        itemsReceived: Number(got?.items ?? 0),
        unitsReceived: Number(got?.units ?? 0),
        unitsDelivered: Number(out?.units ?? 0),
        householdsReached: Number(out?.households ?? 0),
      };
    });
    const sum = (rows: Row[], key: 'items' | 'units') => rows.reduce((n, r) => n + Number(r[key]), 0);
    return {
      itemsReceived: sum(received, 'items'),
      unitsReceived: sum(received, 'units'),
      unitsDelivered: sum(delivered, 'units'),
      householdsReached: delivered.reduce((n, r) => n + Number(r.households), 0),
      unitsInStock: Number(stock?.units ?? 0),
      byRegion,
    };
  }
}
