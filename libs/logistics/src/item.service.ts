import { Injectable } from '@nestjs/common';
import { InputError, InvalidTransitionError, Transactions } from '@shanchou/core';
import { AuditService, OutsideScopeError, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { LedgerKind, LedgerSequencer, LedgerService } from '@shanchou/ledger';
import { GOODS_ITEM_OWNER } from './goods-ledger-owner';
import { EntityManager } from 'typeorm';
import { Centres } from './centres';
import { CustodyEventEntity } from './custody-event.entity';
import { Desk, Desks, parseCodes, text } from './desk';
import { CodeKind, newGoodsCode, parseGoodsCode } from './goods-code';
import { itemRefusal, ItemStep } from './goods-rules';
import { GoodsRepository, ItemFilter } from './goods.repository';
import { decodeItemCursor, encodeItemCursor } from './item-cursor';
import { ItemEntity } from './item.entity';
import {
  CustodyAction,
  DisinfectionMethod,
  ItemCondition,
  ItemStatus,
  OfferStatus,
  ScanAction,
} from './logistics-enums';
import { CentreNotFoundError, ItemNotFoundError, OfferNotFoundError, ParcelNotFoundError } from './logistics.errors';
import { OfferRepository } from './offer.repository';

export interface NewItem {
  category: string;
  description: string;
  quantity: number;
  unit?: string | null;
  condition?: string | null;
  rejectionReason?: string | null;
  donorName?: string | null;
  donorPhone?: string | null;
  /** The donor's 捐赠意向 these goods fulfil. */
  offerCode?: string | null;
  note?: string | null;
}

export interface NewDisinfection {
  itemCodes: string[];
  method: string;
  agent?: string | null;
  note?: string | null;
  performedAt?: Date | null;
}

export interface NewStockCount {
  itemCode: string;
  countedQuantity: number;
  reason: string;
}

export const MAX_QUANTITY = 1_000_000;
const DEFAULT_UNIT = '件';
const PHONE = /^\+?[\d\- ]{5,20}$/;
/** A disinfection may be recorded up to a week after it was done, never before it happens. */
const DISINFECTION_BACKDATE_MS = 7 * 24 * 3600_000;
const CLOCK_SKEW_MS = 5 * 60_000;
/** How long a registration waits for its GOODS_IN entry's seq before answering without it. */
const INTEGRATION_WAIT_MS = 2_000;

/** Reads an enum value typed in any case; BAD_USER_INPUT listing the choices otherwise. */
function choice<T extends string>(values: Record<string, T>, raw: string, field: string): T {
  const value = raw.trim().toUpperCase();
  const found = Object.values(values).find((v) => v === value);
  if (!found) throw new InputError(field, `只能是以下之一：${Object.values(values).join('、')}`);
  return found;
}

export function quantityOf(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_QUANTITY) {
    throw new InputError(field, `数量须为 1 到 ${MAX_QUANTITY} 之间的整数`);
  }
  return value;
}

/**
 * 统一登记、统一消毒 and stock-takes: items enter the network here, are disinfected, and are
 * counted. Every step is taken at the caller's own centre, in one transaction, under row locks.
 */
/** What a listing of items asks for: one centre or all in scope, some statuses, one category. */
export interface ItemListFilter {
  nodeId?: string;
  statuses?: ItemStatus[];
  category?: string;
}

@Injectable()
export class ItemService {
  constructor(
    private readonly repo: GoodsRepository,
    private readonly offers: OfferRepository,
    private readonly desks: Desks,
    private readonly centres: Centres,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly sequencer: LedgerSequencer,
    private readonly transactions: Transactions,
  ) {}

  /** An item inside the scope; NOT_FOUND otherwise, whether or not it exists. */
  async get(scope: RegionScope, rawCode: string, field = 'code'): Promise<ItemEntity> {
    const { code } = parseGoodsCode(rawCode, field, [CodeKind.ITEM]);
    const item = await this.repo.itemByCode(scope, code);
    if (!item) throw new ItemNotFoundError(code, field);
    return item;
  }

  /** Items at centres inside the scope (optionally one centre), newest first. */
  async list(scope: RegionScope, filter: ItemListFilter, limit: number): Promise<ItemEntity[]> {
    return this.repo.itemsAt(scope, await this.filterIn(scope, filter), limit);
  }

  /** A page of the items `list` gives, newest first, from where the previous page stopped. */
  async page(
    scope: RegionScope,
    filter: ItemListFilter,
    page: { first: number; after?: string },
  ): Promise<{ items: ItemEntity[]; nextAfter: string | null }> {
    const after = page.after === undefined ? undefined : decodeItemCursor(page.after, 'after');
    const rows = await this.repo.itemPageAt(scope, await this.filterIn(scope, filter), page.first + 1, after);
    const items = rows.slice(0, page.first);
    const last = rows.length > page.first ? rows[page.first - 1] : undefined;
    return { items: items.map((r) => r.item), nextAfter: last ? encodeItemCursor(last.cursor) : null };
  }

  /** The listing's filter; a centre asked for by id must exist and lie in scope (FORBIDDEN names it). */
  private async filterIn(scope: RegionScope, filter: ItemListFilter): Promise<ItemFilter> {
    if (filter.nodeId) {
      const centre = (await this.centres.directory({ nodeIds: [filter.nodeId] })).centre(filter.nodeId);
      if (!centre) throw new CentreNotFoundError(filter.nodeId);
      if (!scope.covers(centre.region)) throw new OutsideScopeError(`${centre.node.name}的物资`);
    }
    return { nodeId: filter.nodeId, statuses: filter.statuses, category: filter.category?.trim() };
  }

  /**
   * The public journey of an item or parcel: where and when, never who. A parcel's code shows
   * the parcel's own steps.
   */
  async track(rawCode: string): Promise<CustodyEventEntity[]> {
    const { kind, code } = parseGoodsCode(rawCode, 'code', [CodeKind.ITEM, CodeKind.PARCEL]);
    const steps = await this.repo.publicTrack(kind === CodeKind.ITEM ? 'item' : 'parcel', code);
    if (!steps) throw kind === CodeKind.ITEM ? new ItemNotFoundError(code) : new ParcelNotFoundError(code, 'code');
    return steps;
  }

  /** 统一登记: the item enters stock at the caller's centre; appends GOODS_IN to the ledger. */
  async register(actor: StaffPrincipal, input: NewItem): Promise<ItemEntity> {
    const category = text(input.category, 'input.category', 32, true)!;
    const description = text(input.description, 'input.description', 200, true)!;
    const quantity = quantityOf(input.quantity, 'input.quantity');
    const unit = text(input.unit, 'input.unit', 16) ?? DEFAULT_UNIT;
    const condition = input.condition ? choice(ItemCondition, input.condition, 'input.condition') : ItemCondition.GOOD;
    const rejectionReason = text(input.rejectionReason, 'input.rejectionReason', 200);
    if (condition === ItemCondition.UNUSABLE && !rejectionReason) {
      throw new InputError('input.rejectionReason', '物品状况为不可用（UNUSABLE）时，请写明拒收原因');
    }
    if (condition !== ItemCondition.UNUSABLE && rejectionReason) {
      throw new InputError('input.rejectionReason', '只有物品状况为不可用（UNUSABLE）时才填写拒收原因');
    }
    const donorPhone = text(input.donorPhone, 'input.donorPhone', 20);
    if (donorPhone && !PHONE.test(donorPhone))
      throw new InputError('input.donorPhone', '不是电话号码：只能包含数字、空格、连字符和开头的 +，5 到 20 位');
    const offerCode = input.offerCode
      ? parseGoodsCode(input.offerCode, 'input.offerCode', [CodeKind.OFFER]).code
      : null;
    const note = text(input.note, 'input.note', 500);
    const desk = await this.desks.of(actor);
    const rejected = condition === ItemCondition.UNUSABLE;

    const registered = await this.transactions.run(async (tx) => {
      // An offer is bound to its drop-off centre: other centres do not find it.
      const offer = offerCode ? await this.offers.lockForStaff(tx, desk.scope, offerCode) : null;
      if (offerCode && !offer) throw new OfferNotFoundError(offerCode, 'input.offerCode');
      if (offer?.status === OfferStatus.CANCELLED) {
        throw new InvalidTransitionError(`捐赠意向 ${offer.code} 已被捐赠人取消：请不填意向编码直接登记物资`);
      }
      const item = await this.repo.insertItem(tx, {
        code: newGoodsCode(CodeKind.ITEM),
        category,
        description,
        registeredQuantity: quantity,
        quantity,
        unit,
        condition,
        status: rejected ? ItemStatus.REJECTED : ItemStatus.REGISTERED,
        rejectionReason,
        donorName: text(input.donorName, 'input.donorName', 64) ?? offer?.donorName ?? null,
        donorPhone,
        registeredNodeId: desk.here.node.id,
        nodeId: desk.here.node.id,
        parcelId: null,
        disinfectedAt: null,
        householdId: null,
        deliveryId: null,
        offerId: offer?.id ?? null,
        ledgerSeq: null,
      });
      await this.repo.recordEvents(tx, desk.actor, [
        { action: CustodyAction.REGISTERED, itemId: item.id, nodeId: desk.here.node.id, note },
        ...(rejected
          ? [{ action: CustodyAction.REJECTED, itemId: item.id, nodeId: desk.here.node.id, note: rejectionReason }]
          : []),
      ]);
      if (offer) await this.offers.markMatched(tx, offer.id);
      await this.audit.record(tx, actor, {
        action: 'goods.register',
        targetType: 'item',
        targetId: item.id,
        regionId: desk.here.region.id,
        // The donor's phone is theirs: the audit notes only that one was given.
        input: { ...input, code: item.code, donorPhone: donorPhone ? '[given]' : undefined },
      });
      await this.ledger.append(tx, {
        kind: LedgerKind.GOODS_IN,
        quantity,
        donor: { name: item.donorName, anonymous: offer?.anonymous ?? false },
        memo: `${item.code} ${category} ${quantity}${unit}${rejected ? ' (不合格)' : ''} · ${desk.here.node.name}`,
        owner: { kind: GOODS_ITEM_OWNER, id: item.id },
      });
      // Refused goods leave the books at once, in public too: in = out + written off + held.
      if (rejected) {
        await this.ledger.append(tx, {
          kind: LedgerKind.GOODS_WRITE_OFF,
          quantity,
          memo: `${item.code} ${category} ${quantity}${unit} 不合格不予入库 · ${desk.here.node.name}`,
        });
      }
      return item;
    });
    // Staff see the label's ledger entry on the spot: integrate now, not in the next batch.
    await this.sequencer.integrateAll(INTEGRATION_WAIT_MS);
    return { ...registered, ledgerSeq: await this.repo.ledgerSeqOf(registered.id) };
  }

  /** 统一消毒: all the items or none; an item may be disinfected again. */
  async disinfect(actor: StaffPrincipal, input: NewDisinfection): Promise<ItemEntity[]> {
    const codes = parseCodes(input.itemCodes, 'input.itemCodes', CodeKind.ITEM);
    const method = choice(DisinfectionMethod, input.method, 'input.method');
    const agent = text(input.agent, 'input.agent', 100);
    const note = text(input.note, 'input.note', 500);
    const performedAt = input.performedAt ?? new Date();
    if (performedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      throw new InputError('input.performedAt', '消毒时间晚于现在：请在消毒完成后再登记');
    }
    if (performedAt.getTime() < Date.now() - DISINFECTION_BACKDATE_MS) {
      throw new InputError('input.performedAt', '消毒时间已超过一周：请重新消毒后再登记');
    }
    const desk = await this.desks.of(actor);
    return this.transactions.run(async (tx) => {
      const items = await this.lockAt(tx, desk, codes, (i) => `input.itemCodes[${i}]`, ScanAction.DISINFECT);
      const record = await this.repo.insertDisinfection(
        tx,
        { nodeId: desk.here.node.id, method, agent, note, operatorStaffId: actor.staffId, performedAt },
        items.map((i) => i.id),
      );
      await this.repo.updateItems(
        tx,
        items.map((i) => i.id),
        { status: ItemStatus.DISINFECTED, disinfectedAt: performedAt },
      );
      await this.repo.recordEvents(
        tx,
        actor,
        items.map((i) => ({
          action: CustodyAction.DISINFECTED,
          itemId: i.id,
          nodeId: desk.here.node.id,
          note: [method, agent, note].filter(Boolean).join(' · '),
        })),
      );
      await this.audit.record(tx, actor, {
        action: 'goods.disinfect',
        targetType: 'disinfection',
        targetId: record.id,
        regionId: desk.here.region.id,
        input: { ...input, itemCodes: codes },
      });
      return items.map((i) => ({ ...i, status: ItemStatus.DISINFECTED, disinfectedAt: performedAt }));
    });
  }

  /**
   * 盘点: a stock-take found less than recorded. The quantity goes down, the difference counts
   * as written off; nothing left and the item is REJECTED. More than recorded is a new item.
   */
  async adjustStock(actor: StaffPrincipal, input: NewStockCount): Promise<ItemEntity> {
    const [code] = parseCodes([input.itemCode], 'input.itemCode', CodeKind.ITEM);
    const reason = text(input.reason, 'input.reason', 200, true)!;
    if (!Number.isInteger(input.countedQuantity) || input.countedQuantity < 0) {
      throw new InputError('input.countedQuantity', '清点数量须为 0 或正整数');
    }
    const desk = await this.desks.of(actor);
    return this.transactions.run(async (tx) => {
      const [item] = await this.lockAt(tx, desk, [code], () => 'input.itemCode', ScanAction.ADJUST_STOCK);
      const counted = input.countedQuantity;
      if (counted > item.quantity) {
        throw new InputError(
          'input.countedQuantity',
          `多于账上的 ${item.quantity}${item.unit}：多出来的请作为新物资登记`,
        );
      }
      if (counted === item.quantity) {
        throw new InputError('input.countedQuantity', `与账上的 ${item.quantity}${item.unit} 相同，无需调整`);
      }
      const writtenOff = counted === 0;
      const changes: Partial<ItemEntity> = writtenOff
        ? { quantity: 0, status: ItemStatus.REJECTED, rejectionReason: `盘点报损: ${reason}` }
        : { quantity: counted };
      await this.repo.updateItems(tx, [item.id], changes);
      await this.repo.insertAdjustment(tx, {
        itemId: item.id,
        nodeId: desk.here.node.id,
        fromQuantity: item.quantity,
        toQuantity: counted,
        reason,
        actorStaffId: actor.staffId,
        actorUsername: actor.username,
      });
      await this.repo.recordEvents(tx, actor, [
        {
          action: writtenOff ? CustodyAction.WRITTEN_OFF : CustodyAction.STOCK_ADJUSTED,
          itemId: item.id,
          nodeId: desk.here.node.id,
          note: `${item.quantity} → ${counted}${item.unit}: ${reason}`,
        },
      ]);
      await this.audit.record(tx, actor, {
        action: 'goods.adjust_stock',
        targetType: 'item',
        targetId: item.id,
        regionId: desk.here.region.id,
        input: { ...input, itemCode: code, fromQuantity: item.quantity },
      });
      // The reason stays in the audit and the stock-take record: free text is not for the public.
      await this.ledger.append(tx, {
        kind: LedgerKind.GOODS_WRITE_OFF,
        quantity: item.quantity - counted,
        memo: `${item.code} ${item.category} ${item.quantity - counted}${item.unit} 盘点报损 · ${desk.here.node.name}`,
      });
      return { ...item, ...changes };
    });
  }

  /**
   * Locks the items by code and checks each may take the step at the caller's centre: NOT_FOUND
   * for one unknown or outside the scope, INVALID_TRANSITION naming the first that may not.
   */
  async lockAt(
    tx: EntityManager,
    desk: Desk,
    codes: string[],
    fieldOf: (index: number) => string,
    step: ItemStep,
  ): Promise<ItemEntity[]> {
    const locked = await this.repo.lockItemsByCodes(tx, desk.scope, codes);
    const byCode = new Map(locked.map((i) => [i.code, i]));
    const items = codes.map((code, i) => {
      const item = byCode.get(code);
      if (!item) throw new ItemNotFoundError(code, fieldOf(i));
      return item;
    });
    for (const item of items) {
      const refusal = itemRefusal(step, item, desk.at, (id) => desk.directory.name(id));
      if (refusal) throw new InvalidTransitionError(refusal);
    }
    return items;
  }
}
