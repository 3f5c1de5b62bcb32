import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CustodyEventEntity } from './custody-event.entity';
import { DeliveryEntity } from './delivery.entity';
import { DisinfectionItemEntity, DisinfectionRecordEntity } from './disinfection.entity';
import { HouseholdEntity } from './household.entity';
import { ItemCursor } from './item-cursor';
import { ItemEntity } from './item.entity';
import { CustodyAction, ItemStatus } from './logistics-enums';
import { ParcelEntity, ParcelItemEntity } from './parcel.entity';
import { StockAdjustmentEntity } from './stock-adjustment.entity';

export interface NewCustodyEvent {
  action: CustodyAction;
  itemId?: string | null;
  parcelId?: string | null;
  nodeId: string;
  toNodeId?: string | null;
  note?: string | null;
}

export interface Actor {
  staffId: string;
  username: string;
}

export interface StockRow {
  category: string;
  unit: string;
  inStock: number;
  disinfected: number;
  packed: number;
  inTransit: number;
  items: number;
}

export interface BalanceRow {
  category: string;
  unit: string;
  registered: number;
  inStock: number;
  packed: number;
  inTransit: number;
  delivered: number;
  rejected: number;
  writtenOff: number;
}

export interface ItemFilter {
  nodeIds: string[];
  statuses?: ItemStatus[];
  category?: string;
}

/** pg answers sums and counts as strings, PGlite sometimes as numbers: read both. */
const num = (v: unknown): number => Number(v ?? 0);

/** The SQL of items, parcels and their custody; rules live in the services. */
@Injectable()
export class GoodsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  itemByCode(code: string, tx?: EntityManager): Promise<ItemEntity | null> {
    return this.manager(tx).findOneBy(ItemEntity, { code });
  }

  parcelByCode(code: string, tx?: EntityManager): Promise<ParcelEntity | null> {
    return this.manager(tx).findOneBy(ParcelEntity, { code });
  }

  parcelById(tx: EntityManager, id: string): Promise<ParcelEntity> {
    return tx.findOneByOrFail(ParcelEntity, { id });
  }

  parcelsByIds(ids: readonly string[], tx?: EntityManager): Promise<ParcelEntity[]> {
    return ids.length ? this.manager(tx).findBy(ParcelEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  /** Every item each parcel ever carried, in packing order. */
  async contentsOf(
    parcelIds: readonly string[],
    tx?: EntityManager,
  ): Promise<{ parcelId: string; item: ItemEntity }[]> {
    if (parcelIds.length === 0) return [];
    const links = await this.manager(tx).find(ParcelItemEntity, {
      where: { parcelId: In([...parcelIds]) },
      relations: { item: true },
      order: { item: { code: 'ASC' } },
    });
    return links.map((l) => ({ parcelId: l.parcelId, item: l.item! }));
  }

  eventsOfItems(itemIds: readonly string[]): Promise<CustodyEventEntity[]> {
    return itemIds.length
      ? this.dataSource.manager.find(CustodyEventEntity, { where: { itemId: In([...itemIds]) }, order: { id: 'ASC' } })
      : Promise.resolve([]);
  }

  /** A parcel's own steps (not those of its items one by one). */
  eventsOfParcels(parcelIds: readonly string[]): Promise<CustodyEventEntity[]> {
    if (parcelIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(CustodyEventEntity, 'e')
      .where('e.parcel_id IN (:...ids) AND e.item_id IS NULL', { ids: parcelIds })
      .orderBy('e.id', 'ASC')
      .getMany();
  }

  /** Locks the items for the rest of the transaction, in id order so two lockers never deadlock. */
  lockItemsByCodes(tx: EntityManager, codes: readonly string[]): Promise<ItemEntity[]> {
    return tx
      .createQueryBuilder(ItemEntity, 'i')
      .where('i.code IN (:...codes)', { codes })
      .orderBy('i.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** The items in the parcel now, locked, in id order. */
  lockItemsOfParcel(tx: EntityManager, parcelId: string): Promise<ItemEntity[]> {
    return tx
      .createQueryBuilder(ItemEntity, 'i')
      .where('i.parcel_id = :parcelId', { parcelId })
      .orderBy('i.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
  }

  /** Parcels are locked before their items, always. */
  lockParcel(tx: EntityManager, code: string): Promise<ParcelEntity | null> {
    return tx.findOne(ParcelEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  insertItem(tx: EntityManager, item: Partial<ItemEntity>): Promise<ItemEntity> {
    return tx.save(ItemEntity, tx.create(ItemEntity, item));
  }

  async updateItems(tx: EntityManager, ids: readonly string[], changes: Partial<ItemEntity>): Promise<void> {
    if (ids.length) await tx.update(ItemEntity, { id: In([...ids]) }, changes);
  }

  insertParcel(tx: EntityManager, parcel: Partial<ParcelEntity>): Promise<ParcelEntity> {
    return tx.save(ParcelEntity, tx.create(ParcelEntity, parcel));
  }

  async updateParcel(tx: EntityManager, id: string, changes: Partial<ParcelEntity>): Promise<ParcelEntity> {
    await tx.update(ParcelEntity, { id }, changes);
    return tx.findOneByOrFail(ParcelEntity, { id });
  }

  async addToParcel(tx: EntityManager, parcelId: string, itemIds: readonly string[]): Promise<void> {
    await tx.insert(
      ParcelItemEntity,
      itemIds.map((itemId) => ({ parcelId, itemId })),
    );
  }

  async recordEvents(tx: EntityManager, actor: Actor, events: NewCustodyEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.insert(
      CustodyEventEntity,
      events.map((e) => ({
        action: e.action,
        itemId: e.itemId ?? null,
        parcelId: e.parcelId ?? null,
        nodeId: e.nodeId,
        toNodeId: e.toNodeId ?? null,
        note: e.note ?? null,
        actorStaffId: actor.staffId,
        actorUsername: actor.username,
      })),
    );
  }

  async insertDisinfection(
    tx: EntityManager,
    record: Omit<DisinfectionRecordEntity, 'id' | 'recordedAt'>,
    itemIds: readonly string[],
  ): Promise<DisinfectionRecordEntity> {
    const saved = await tx.save(DisinfectionRecordEntity, tx.create(DisinfectionRecordEntity, record));
    await tx.insert(
      DisinfectionItemEntity,
      itemIds.map((itemId) => ({ recordId: saved.id, itemId })),
    );
    return saved;
  }

  async insertAdjustment(tx: EntityManager, adjustment: Omit<StockAdjustmentEntity, 'id' | 'at'>): Promise<void> {
    await tx.insert(StockAdjustmentEntity, adjustment);
  }

  insertDelivery(tx: EntityManager, delivery: Omit<DeliveryEntity, 'id' | 'deliveredAt'>): Promise<DeliveryEntity> {
    return tx.save(DeliveryEntity, tx.create(DeliveryEntity, delivery));
  }

  /** Deliveries to the households of the regions, newest first. */
  deliveriesTo(regionIds: readonly string[], limit: number): Promise<DeliveryEntity[]> {
    if (regionIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .innerJoin(HouseholdEntity, 'h', 'h.id = d.household_id')
      .where('h.region_id IN (:...regionIds)', { regionIds })
      .orderBy('d.delivered_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  deliveryById(id: string): Promise<DeliveryEntity | null> {
    return this.dataSource.manager.findOneBy(DeliveryEntity, { id });
  }

  /** The signature PNG of a delivery (not read with the row: it can be large). */
  async signatureOf(id: string): Promise<Buffer | null> {
    const rows: { signature_png: Buffer | null }[] = await this.dataSource.query(
      'SELECT signature_png FROM delivery WHERE id = $1',
      [id],
    );
    return rows[0]?.signature_png ?? null;
  }

  itemsOfDeliveries(ids: readonly string[]): Promise<ItemEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(ItemEntity, { where: { deliveryId: In([...ids]) }, order: { code: 'ASC' } });
  }

  /** Stock-take adjustments at a centre, newest first. */
  adjustmentsAt(nodeId: string, limit: number): Promise<(StockAdjustmentEntity & { item: ItemEntity })[]> {
    return this.dataSource.manager.find(StockAdjustmentEntity, {
      where: { nodeId },
      relations: { item: true },
      order: { id: 'DESC' },
      take: limit,
    }) as Promise<(StockAdjustmentEntity & { item: ItemEntity })[]>;
  }

  /** Items at (or, in transit, bound for) any of the nodes, newest first. */
  itemsAt(filter: ItemFilter, limit: number): Promise<ItemEntity[]> {
    if (filter.nodeIds.length === 0) return Promise.resolve([]);
    return this.itemsQuery(filter, limit).getMany();
  }

  /**
   * A page of items at these centres, newest first (registration time, then code), after the
   * cursor; each with its own cursor. The time is compared as PostgreSQL keeps it, to the
   * microsecond: a JavaScript Date would round it to the millisecond and skip items.
   */
  async itemPageAt(
    filter: ItemFilter,
    limit: number,
    after?: ItemCursor,
  ): Promise<{ item: ItemEntity; cursor: ItemCursor }[]> {
    if (filter.nodeIds.length === 0) return [];
    const q = this.itemsQuery(filter, limit).addSelect(
      "to_char(i.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'",
      'cursor_at',
    );
    if (after) {
      q.andWhere(
        '(i.registered_at < CAST(:afterAt AS timestamptz) OR (i.registered_at = CAST(:afterAt AS timestamptz) AND i.code > :afterCode))',
        { afterAt: after.registeredAt, afterCode: after.code },
      );
    }
    const { entities, raw } = await q.getRawAndEntities<{ cursor_at: string }>();
    return entities.map((item, i) => ({ item, cursor: { registeredAt: raw[i].cursor_at, code: item.code } }));
  }

  private itemsQuery(filter: ItemFilter, limit: number) {
    const q = this.dataSource.manager
      .createQueryBuilder(ItemEntity, 'i')
      .where('i.node_id IN (:...nodes)', { nodes: filter.nodeIds })
      .orderBy('i.registered_at', 'DESC')
      .addOrderBy('i.code', 'ASC')
      .limit(limit);
    if (filter.statuses?.length) q.andWhere('i.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.category) q.andWhere('i.category = :category', { category: filter.category });
    return q;
  }

  /** A centre's stock by category and unit; in transit means bound for it. */
  async stockAt(nodeId: string): Promise<StockRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT i.category, i.unit,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status IN ('REGISTERED', 'DISINFECTED')) AS in_stock,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status = 'DISINFECTED') AS disinfected,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status = 'PACKED') AS packed,
          sum(i.quantity) FILTER (WHERE i.status = 'IN_TRANSIT') AS in_transit,
          count(*) FILTER (WHERE i.node_id = $1) AS items
        FROM goods_item i LEFT JOIN goods_parcel p ON p.id = i.parcel_id
        WHERE (i.node_id = $1 AND i.status IN ('REGISTERED', 'DISINFECTED', 'PACKED'))
           OR (i.status = 'IN_TRANSIT' AND p.status = 'IN_TRANSIT' AND p.to_node_id = $1)
        GROUP BY i.category, i.unit ORDER BY i.category, i.unit`,
      [nodeId],
    );
    return rows.map((r) => ({
      category: String(r.category),
      unit: String(r.unit),
      inStock: num(r.in_stock),
      disinfected: num(r.disinfected),
      packed: num(r.packed),
      inTransit: num(r.in_transit),
      items: num(r.items),
    }));
  }

  /** Every item's quantity by where it is, per category and unit, across the whole network. */
  async balance(tx?: EntityManager): Promise<BalanceRow[]> {
    const rows: Record<string, unknown>[] = await this.manager(tx).query(
      `SELECT category, unit,
          sum(registered_quantity) AS registered,
          sum(quantity) FILTER (WHERE status IN ('REGISTERED', 'DISINFECTED')) AS in_stock,
          sum(quantity) FILTER (WHERE status = 'PACKED') AS packed,
          sum(quantity) FILTER (WHERE status = 'IN_TRANSIT') AS in_transit,
          sum(quantity) FILTER (WHERE status = 'DELIVERED') AS delivered,
          sum(quantity) FILTER (WHERE status = 'REJECTED') AS rejected,
          sum(registered_quantity - quantity) AS written_off
        FROM goods_item GROUP BY category, unit ORDER BY category, unit`,
    );
    return rows.map((r) => ({
      category: String(r.category),
      unit: String(r.unit),
      registered: num(r.registered),
      inStock: num(r.in_stock),
      packed: num(r.packed),
      inTransit: num(r.in_transit),
      delivered: num(r.delivered),
      rejected: num(r.rejected),
      writtenOff: num(r.written_off),
    }));
  }

  /**
   * Items not in exactly one place: in stock at a centre, in a parcel that is at a centre or on
   * its way, or with a household. Each with the reason. Empty when the books are right.
   */
  async misplaced(tx?: EntityManager): Promise<{ code: string; problem: string }[]> {
    const rows: { code: string; status: string; parcel_status: string | null }[] = await this.manager(tx).query(
      `SELECT i.code, i.status, p.status AS parcel_status
        FROM goods_item i LEFT JOIN goods_parcel p ON p.id = i.parcel_id
        WHERE NOT (
          (i.status IN ('REGISTERED', 'DISINFECTED', 'REJECTED')
            AND i.node_id IS NOT NULL AND i.parcel_id IS NULL AND i.household_id IS NULL)
          OR (i.status = 'PACKED' AND p.status IN ('PACKED', 'RECEIVED')
            AND i.node_id IS NOT NULL AND i.node_id = p.current_node_id AND i.household_id IS NULL)
          OR (i.status = 'IN_TRANSIT' AND p.status = 'IN_TRANSIT'
            AND i.node_id IS NULL AND p.current_node_id IS NULL AND p.to_node_id IS NOT NULL)
          OR (i.status = 'DELIVERED' AND i.household_id IS NOT NULL AND i.delivery_id IS NOT NULL
            AND (p.id IS NULL OR p.status = 'DELIVERED'))
        )
        ORDER BY i.code`,
    );
    const parcels: { code: string; status: string; items: string | number }[] = await this.manager(tx).query(
      `SELECT p.code, p.status, count(i.id) AS items
        FROM goods_parcel p LEFT JOIN goods_item i ON i.parcel_id = p.id
        WHERE p.status IN ('PACKED', 'IN_TRANSIT', 'RECEIVED')
        GROUP BY p.id, p.code, p.status
        HAVING count(i.id) = 0
           OR (p.status = 'IN_TRANSIT' AND p.current_node_id IS NOT NULL)
           OR (p.status <> 'IN_TRANSIT' AND p.current_node_id IS NULL)
        ORDER BY p.code`,
    );
    return [
      ...rows.map((r) => ({
        code: r.code,
        problem: `item is ${r.status}${r.parcel_status ? ` in a ${r.parcel_status} parcel` : ''} but not in one place`,
      })),
      ...parcels.map((p) => ({
        code: p.code,
        problem: num(p.items) === 0 ? `parcel is ${p.status} with nothing in it` : `parcel is ${p.status} out of place`,
      })),
    ];
  }
}
