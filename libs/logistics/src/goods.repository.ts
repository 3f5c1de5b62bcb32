import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree, SubtreeCondition } from '@shanchou/regions';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
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

/** A custody step for the goods-movements export, with what moved. */
export interface MovementRow {
  event: CustodyEventEntity;
  itemCode: string | null;
  category: string | null;
  description: string | null;
  unit: string | null;
  parcelCode: string | null;
}

export interface CentreStockRow extends StockRow {
  nodeId: string;
}

export interface ItemFilter {
  /** One centre of the scope, or every centre in it. */
  nodeId?: string;
  statuses?: ItemStatus[];
  category?: string;
}

/** A parcel's contents as one scope sees them: its items there, and how many others it holds. */
export interface ParcelContents {
  items: ItemEntity[];
  /** Items in it that belong outside the scope: counted, never shown. */
  othersCount: number;
}

/** pg answers sums and counts as strings, PGlite sometimes as numbers: read both. */
const num = (v: unknown): number => Number(v ?? 0);

const PARCEL_NODES = ['packed_node_id', 'from_node_id', 'to_node_id', 'current_node_id'] as const;

/**
 * Who sees goods, as SQL on the caller's query (the subtree rule itself is the regions module's):
 * a parcel is handled by the centres it was packed at, left, is bound for or is at; it is seen by
 * those and by the centres whose registered goods it carries now. An item is seen where it was
 * registered, where it is, and by those handling the parcel it is in. Donor names and phones go
 * only to the registering centre's scope, a step's actor and note only to the scope it happened in.
 */
export class GoodsScope {
  private readonly subtree: Subtree;

  constructor(scope: RegionScope) {
    this.subtree = Subtree.of(scope);
  }

  private node(column: string): string {
    return this.subtree.nodeIn(column)[0];
  }

  get params(): Record<string, string> {
    return this.subtree.nodeIn('_')[1];
  }

  /** The parcel (alias `p`) is handled inside the scope. */
  parcelHandled(p: string): string {
    return `(${PARCEL_NODES.map((c) => this.node(`${p}.${c}`)).join(' OR ')})`;
  }

  /** The parcel is handled inside the scope or carries goods registered there. */
  parcelSeen(p: string): SubtreeCondition {
    const carries = `EXISTS (SELECT 1 FROM goods_item pci WHERE pci.parcel_id = ${p}.id AND ${this.node('pci.registered_node_id')})`;
    return [`(${this.parcelHandled(p)} OR ${carries})`, this.params];
  }

  /** The item (alias `i`) is seen inside the scope. */
  itemSeen(i: string): SubtreeCondition {
    const inParcel = `EXISTS (SELECT 1 FROM goods_parcel ip WHERE ip.id = ${i}.parcel_id AND ${this.parcelHandled('ip')})`;
    return [`(${this.node(`${i}.registered_node_id`)} OR ${this.node(`${i}.node_id`)} OR ${inParcel})`, this.params];
  }

  /** The item's donor is the scope's to see. */
  donorShown(i: string): string {
    return this.node(`${i}.registered_node_id`);
  }

  /** The step happened inside the scope. */
  stepShown(e: string): string {
    return this.node(`${e}.node_id`);
  }
}

/** Clears what the scope may not read of an item, by the flag its query computed. */
function maskItem(item: ItemEntity, donorShown: unknown): ItemEntity {
  if (donorShown === true || donorShown === 't') return item;
  item.donorName = null;
  item.donorPhone = null;
  return item;
}

function maskStep(event: CustodyEventEntity, shown: unknown): CustodyEventEntity {
  if (shown === true || shown === 't') return event;
  // The columns are NOT NULL; the object leaving here is a reading of the row, never saved back.
  return Object.assign(event, { actorUsername: null, actorStaffId: null, note: null });
}

/** The SQL of items, parcels and their custody; rules live in the services. */
@Injectable()
export class GoodsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Items of a query as the scope sees them: only those it sees, donors masked where not its own. */
  private async seenItems(scope: GoodsScope, q: SelectQueryBuilder<ItemEntity>): Promise<ItemEntity[]> {
    const { entities, raw } = await q
      .andWhere(...scope.itemSeen('i'))
      .addSelect(scope.donorShown('i'), 'donor_shown')
      .getRawAndEntities<{ donor_shown: unknown }>();
    return entities.map((item, n) => maskItem(item, raw[n].donor_shown));
  }

  /** An item the scope sees, or null (whether or not it exists). */
  async itemByCode(scope: RegionScope, code: string): Promise<ItemEntity | null> {
    const q = this.dataSource.manager.createQueryBuilder(ItemEntity, 'i').where('i.code = :code', { code });
    return (await this.seenItems(new GoodsScope(scope), q))[0] ?? null;
  }

  /** A parcel the scope sees, or null (whether or not it exists). */
  async parcelByCode(scope: RegionScope, code: string): Promise<ParcelEntity | null> {
    return (
      (await this.dataSource.manager
        .createQueryBuilder(ParcelEntity, 'p')
        .where('p.code = :code', { code })
        .andWhere(...new GoodsScope(scope).parcelSeen('p'))
        .getOne()) ?? null
    );
  }

  /** The parcels among these the scope sees. */
  parcelsByIds(scope: RegionScope, ids: readonly string[]): Promise<ParcelEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(ParcelEntity, 'p')
      .where('p.id IN (:...ids)', { ids })
      .andWhere(...new GoodsScope(scope).parcelSeen('p'))
      .getMany();
  }

  /**
   * Every item each parcel ever carried, in code order, as the scope sees it: all of them where
   * the parcel is handled inside the scope, else only the items the scope sees, and a count of
   * the others.
   */
  async contentsOf(scope: RegionScope, parcelIds: readonly string[]): Promise<Map<string, ParcelContents>> {
    const contents = new Map<string, ParcelContents>(parcelIds.map((id) => [id, { items: [], othersCount: 0 }]));
    if (parcelIds.length === 0) return contents;
    const goods = new GoodsScope(scope);
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(ItemEntity, 'i')
      .innerJoin(ParcelItemEntity, 'pi', 'pi.item_id = i.id')
      .innerJoin(ParcelEntity, 'p', 'p.id = pi.parcel_id')
      .where('pi.parcel_id IN (:...parcelIds)', { parcelIds })
      .addSelect('pi.parcel_id', 'link_parcel_id')
      .addSelect(`(${goods.parcelHandled('p')} OR ${goods.itemSeen('i')[0]})`, 'shown')
      .addSelect(goods.donorShown('i'), 'donor_shown')
      .setParameters(goods.params)
      .orderBy('i.code', 'ASC')
      .getRawAndEntities<{ link_parcel_id: string; shown: unknown; donor_shown: unknown }>();
    entities.forEach((item, n) => {
      const row = raw[n];
      const entry = contents.get(row.link_parcel_id)!;
      if (row.shown === true || row.shown === 't') entry.items.push(maskItem(item, row.donor_shown));
      else entry.othersCount += 1;
    });
    return contents;
  }

  /** A parcel by id inside the transaction that just wrote it. */
  parcelById(tx: EntityManager, id: string): Promise<ParcelEntity> {
    return tx.findOneByOrFail(ParcelEntity, { id });
  }

  /** The steps of these items, oldest first; actor and note only where the scope took them. */
  eventsOfItems(scope: RegionScope, itemIds: readonly string[]): Promise<CustodyEventEntity[]> {
    if (itemIds.length === 0) return Promise.resolve([]);
    return this.steps(scope, 'e.item_id IN (:...ids)', itemIds);
  }

  /** A parcel's own steps (not those of its items one by one), as `eventsOfItems`. */
  eventsOfParcels(scope: RegionScope, parcelIds: readonly string[]): Promise<CustodyEventEntity[]> {
    if (parcelIds.length === 0) return Promise.resolve([]);
    return this.steps(scope, 'e.parcel_id IN (:...ids) AND e.item_id IS NULL', parcelIds);
  }

  private async steps(scope: RegionScope | null, where: string, ids: readonly string[]): Promise<CustodyEventEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(CustodyEventEntity, 'e')
      .where(where, { ids })
      .orderBy('e.id', 'ASC');
    if (!scope) return q.getMany();
    const goods = new GoodsScope(scope);
    const { entities, raw } = await q
      .addSelect(goods.stepShown('e'), 'step_shown')
      .setParameters(goods.params)
      .getRawAndEntities<{ step_shown: unknown }>();
    return entities.map((e, n) => maskStep(e, raw[n].step_shown));
  }

  /**
   * Unscoped, for the public track (trackGoods): an item's or parcel's steps by code, or null
   * when there is no such code. The caller shows centres and times only.
   */
  async publicTrack(kind: 'item' | 'parcel', code: string): Promise<CustodyEventEntity[] | null> {
    if (kind === 'item') {
      const item = await this.dataSource.manager.findOneBy(ItemEntity, { code });
      return item && this.steps(null, 'e.item_id IN (:...ids)', [item.id]);
    }
    const parcel = await this.dataSource.manager.findOneBy(ParcelEntity, { code });
    return parcel && this.steps(null, 'e.parcel_id IN (:...ids) AND e.item_id IS NULL', [parcel.id]);
  }

  /**
   * Locks the items the scope sees for the rest of the transaction, in id order so two lockers
   * never deadlock; codes it does not see are left out.
   */
  lockItemsByCodes(tx: EntityManager, scope: RegionScope, codes: readonly string[]): Promise<ItemEntity[]> {
    const q = tx
      .createQueryBuilder(ItemEntity, 'i')
      .where('i.code IN (:...codes)', { codes })
      .orderBy('i.id', 'ASC')
      .setLock('pessimistic_write', undefined, ['i']);
    return this.seenItems(new GoodsScope(scope), q);
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

  /** Locks a parcel the scope sees, or answers null. Parcels are locked before their items, always. */
  async lockParcel(tx: EntityManager, scope: RegionScope, code: string): Promise<ParcelEntity | null> {
    return (
      (await tx
        .createQueryBuilder(ParcelEntity, 'p')
        .where('p.code = :code', { code })
        .andWhere(...new GoodsScope(scope).parcelSeen('p'))
        .setLock('pessimistic_write', undefined, ['p'])
        .getOne()) ?? null
    );
  }

  insertItem(tx: EntityManager, item: Partial<ItemEntity>): Promise<ItemEntity> {
    return tx.save(ItemEntity, tx.create(ItemEntity, item));
  }

  /** The sequencer's word: these items' GOODS_IN entries are integrated at these seqs. */
  async setLedgerSeqs(tx: EntityManager, seqs: { ownerId: string; seq: number }[]): Promise<void> {
    await tx.query(
      'UPDATE goods_item i SET ledger_seq = v.seq FROM unnest($1::uuid[], $2::bigint[]) AS v(id, seq) WHERE i.id = v.id',
      [seqs.map((s) => s.ownerId), seqs.map((s) => s.seq)],
    );
  }

  async ledgerSeqOf(itemId: string): Promise<string | null> {
    const rows: { ledger_seq: string | null }[] = await this.dataSource.query(
      'SELECT ledger_seq FROM goods_item WHERE id = $1',
      [itemId],
    );
    return rows[0]?.ledger_seq === null || rows[0]?.ledger_seq === undefined ? null : String(rows[0].ledger_seq);
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

  /** Deliveries to the households of a region (and below it) inside the scope, newest first. */
  deliveriesTo(scope: RegionScope, region: { path: string }, limit: number): Promise<DeliveryEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .innerJoin(HouseholdEntity, 'h', 'h.id = d.household_id')
      .where(...Subtree.of(scope).regionIn('h.region_id'))
      .andWhere(...Subtree.of({ rootPath: region.path }, 'asked').regionIn('h.region_id'))
      .orderBy('d.delivered_at', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** A delivery to a household inside the scope, or null. */
  async deliveryById(scope: RegionScope, id: string): Promise<DeliveryEntity | null> {
    return (
      (await this.dataSource.manager
        .createQueryBuilder(DeliveryEntity, 'd')
        .innerJoin(HouseholdEntity, 'h', 'h.id = d.household_id')
        .where('d.id = :id', { id })
        .andWhere(...Subtree.of(scope).regionIn('h.region_id'))
        .getOne()) ?? null
    );
  }

  /** The signature PNG of a delivery (not read with the row: it can be large). */
  async signatureOf(id: string): Promise<Buffer | null> {
    const rows: { signature_png: Buffer | null }[] = await this.dataSource.query(
      'SELECT signature_png FROM delivery WHERE id = $1',
      [id],
    );
    return rows[0]?.signature_png ?? null;
  }

  /** The items of deliveries to households inside the scope; donors masked where not its own. */
  async itemsOfDeliveries(scope: RegionScope, ids: readonly string[]): Promise<ItemEntity[]> {
    if (ids.length === 0) return [];
    const goods = new GoodsScope(scope);
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(ItemEntity, 'i')
      .innerJoin(HouseholdEntity, 'h', 'h.id = i.household_id')
      .where('i.delivery_id IN (:...ids)', { ids })
      .andWhere(...Subtree.of(scope).regionIn('h.region_id'))
      .addSelect(goods.donorShown('i'), 'donor_shown')
      .setParameters(goods.params)
      .orderBy('i.code', 'ASC')
      .getRawAndEntities<{ donor_shown: unknown }>();
    return entities.map((item, n) => maskItem(item, raw[n].donor_shown));
  }

  /** Stock-take adjustments at a centre inside the scope, newest first (none for one outside). */
  async adjustmentsAt(
    scope: RegionScope,
    nodeId: string,
    limit: number,
  ): Promise<(StockAdjustmentEntity & { item: ItemEntity })[]> {
    const goods = new GoodsScope(scope);
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(StockAdjustmentEntity, 'a')
      .innerJoinAndSelect('a.item', 'i')
      .where('a.node_id = :nodeId', { nodeId })
      .andWhere(...Subtree.of(scope).nodeIn('a.node_id'))
      .addSelect(goods.donorShown('i'), 'donor_shown')
      .setParameters(goods.params)
      .orderBy('a.id', 'DESC')
      .limit(limit)
      .getRawAndEntities<{ donor_shown: unknown }>();
    return entities.map((a, n) => {
      maskItem(a.item!, raw[n]?.donor_shown);
      return a as StockAdjustmentEntity & { item: ItemEntity };
    });
  }

  /** Items at the scope's centres (or the one asked for), newest first. */
  itemsAt(scope: RegionScope, filter: ItemFilter, limit: number): Promise<ItemEntity[]> {
    return this.seenItems(new GoodsScope(scope), this.itemsQuery(scope, filter, limit));
  }

  /**
   * A page of items at the scope's centres, newest first (registration time, then code), after
   * the cursor; each with its own cursor. The time is compared as PostgreSQL keeps it, to the
   * microsecond: a JavaScript Date would round it to the millisecond and skip items.
   */
  async itemPageAt(
    scope: RegionScope,
    filter: ItemFilter,
    limit: number,
    after?: ItemCursor,
  ): Promise<{ item: ItemEntity; cursor: ItemCursor }[]> {
    const goods = new GoodsScope(scope);
    const q = this.itemsQuery(scope, filter, limit)
      .addSelect("to_char(i.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'", 'cursor_at')
      .addSelect(goods.donorShown('i'), 'donor_shown')
      .setParameters(goods.params);
    if (after) {
      q.andWhere(
        '(i.registered_at < CAST(:afterAt AS timestamptz) OR (i.registered_at = CAST(:afterAt AS timestamptz) AND i.code > :afterCode))',
        { afterAt: after.registeredAt, afterCode: after.code },
      );
    }
    const { entities, raw } = await q.getRawAndEntities<{ cursor_at: string; donor_shown: unknown }>();
    return entities.map((item, i) => ({
      item: maskItem(item, raw[i].donor_shown),
      cursor: { registeredAt: raw[i].cursor_at, code: item.code },
    }));
  }

  private itemsQuery(scope: RegionScope, filter: ItemFilter, limit: number) {
    const q = this.dataSource.manager
      .createQueryBuilder(ItemEntity, 'i')
      .where(...Subtree.of(scope).nodeIn('i.node_id'))
      .orderBy('i.registered_at', 'DESC')
      .addOrderBy('i.code', 'ASC')
      .limit(limit);
    if (filter.nodeId) q.andWhere('i.node_id = :nodeId', { nodeId: filter.nodeId });
    if (filter.statuses?.length) q.andWhere('i.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.category) q.andWhere('i.category = :category', { category: filter.category });
    return q;
  }

  /** A centre's stock by category and unit; in transit means bound for it. None outside the scope. */
  async stockAt(scope: RegionScope, nodeId: string): Promise<StockRow[]> {
    const params: unknown[] = [nodeId];
    const inScope = Subtree.of(scope).nodeInRaw('$1::uuid', params);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT i.category, i.unit,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status IN ('REGISTERED', 'DISINFECTED')) AS in_stock,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status = 'DISINFECTED') AS disinfected,
          sum(i.quantity) FILTER (WHERE i.node_id = $1 AND i.status = 'PACKED') AS packed,
          sum(i.quantity) FILTER (WHERE i.status = 'IN_TRANSIT') AS in_transit,
          count(*) FILTER (WHERE i.node_id = $1) AS items
        FROM goods_item i LEFT JOIN goods_parcel p ON p.id = i.parcel_id
        WHERE ((i.node_id = $1 AND i.status IN ('REGISTERED', 'DISINFECTED', 'PACKED'))
           OR (i.status = 'IN_TRANSIT' AND p.status = 'IN_TRANSIT' AND p.to_node_id = $1))
          AND ${inScope}
        GROUP BY i.category, i.unit ORDER BY i.category, i.unit`,
      params,
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

  /**
   * Custody steps at or bound for a centre inside the scope, oldest first, after the step `after`
   * (keyset on id), with the item's code, category and description (a parcel's own step: its code).
   * Actor and note only where the step happened inside the scope.
   */
  async movementsPage(
    scope: RegionScope,
    filter: { from?: Date; to?: Date },
    after: string | null,
    limit: number,
  ): Promise<MovementRow[]> {
    const goods = new GoodsScope(scope);
    const [atNode, params] = Subtree.of(scope).nodeIn('e.node_id');
    const [toNode] = Subtree.of(scope).nodeIn('e.to_node_id');
    const q = this.dataSource.manager
      .createQueryBuilder(CustodyEventEntity, 'e')
      .leftJoin(ItemEntity, 'i', 'i.id = e.item_id')
      .leftJoin(ParcelEntity, 'p', 'p.id = e.parcel_id')
      .addSelect(['i.code', 'i.category', 'i.description', 'i.quantity', 'i.unit', 'p.code'])
      .addSelect(goods.stepShown('e'), 'step_shown')
      .where(`(${atNode} OR ${toNode})`, params)
      .setParameters(goods.params)
      .orderBy('e.id', 'ASC')
      .limit(limit);
    if (after !== null) q.andWhere('e.id > :after', { after });
    if (filter.from) q.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('e.at < :to', { to: filter.to });
    const { entities, raw } = await q.getRawAndEntities<Record<string, unknown>>();
    return entities.map((event, n) => {
      const r = raw[n];
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      return {
        event: maskStep(event, r.step_shown),
        itemCode: text(r.i_code),
        category: text(r.i_category),
        description: text(r.i_description),
        unit: text(r.i_unit),
        parcelCode: text(r.p_code),
      };
    });
  }

  /**
   * What every centre inside the scope holds, per category and unit: in stock (registered or
   * disinfected), of which disinfected, packed, and in transit bound for it.
   */
  async stockByCentre(scope: RegionScope): Promise<CentreStockRow[]> {
    const params: unknown[] = [];
    const inScope = Subtree.of(scope).nodeInRaw('n.node_id', params);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT n.node_id, n.category, n.unit,
          sum(n.quantity) FILTER (WHERE n.status IN ('REGISTERED', 'DISINFECTED')) AS in_stock,
          sum(n.quantity) FILTER (WHERE n.status = 'DISINFECTED') AS disinfected,
          sum(n.quantity) FILTER (WHERE n.status = 'PACKED') AS packed,
          sum(n.quantity) FILTER (WHERE n.status = 'IN_TRANSIT') AS in_transit,
          count(*) FILTER (WHERE n.status <> 'IN_TRANSIT') AS items
        FROM (SELECT CASE WHEN i.status = 'IN_TRANSIT' THEN p.to_node_id ELSE i.node_id END AS node_id,
                     i.category, i.unit, i.quantity, i.status
                FROM goods_item i LEFT JOIN goods_parcel p ON p.id = i.parcel_id
               WHERE i.status IN ('REGISTERED', 'DISINFECTED', 'PACKED')
                  OR (i.status = 'IN_TRANSIT' AND p.status = 'IN_TRANSIT')) n
       WHERE n.node_id IS NOT NULL AND ${inScope}
       GROUP BY n.node_id, n.category, n.unit ORDER BY n.node_id, n.category, n.unit`,
      params,
    );
    return rows.map((r) => ({
      nodeId: String(r.node_id),
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
