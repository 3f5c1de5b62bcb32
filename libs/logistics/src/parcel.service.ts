import { Injectable } from '@nestjs/common';
import { InputError, InvalidTransitionError, maskName, Transactions } from '@shanchou/core';
import { AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { EntityManager } from 'typeorm';
import { Centres } from './centres';
import { Desk, Desks, parseCodes, text } from './desk';
import { CodeKind, newGoodsCode, parseGoodsCode } from './goods-code';
import { parcelRefusal, ParcelStep, stockStatusOf, undisinfected } from './goods-rules';
import { GoodsRepository } from './goods.repository';
import { HouseholdEntity } from './household.entity';
import { HouseholdService } from './household.service';
import { ItemEntity } from './item.entity';
import { ItemService } from './item.service';
import {
  CustodyAction,
  DeliveryProof,
  ItemStatus,
  NEED_STATUS_NAMES,
  NeedStatus,
  ParcelStatus,
  ScanAction,
} from './logistics-enums';
import { CentreNotFoundError, NeedNotFoundError, ParcelNotFoundError } from './logistics.errors';
import { NeedEntity } from './need.entity';
import { NeedRepository } from './need.repository';
import { ParcelEntity } from './parcel.entity';

export interface NewParcel {
  itemCodes: string[];
  note?: string | null;
  /** The 帮扶需求 this parcel answers. */
  needId?: string | null;
}

/** Who received goods and how they confirmed it: a signature, or a confirmation code. */
export interface Receipt {
  householdId: string;
  receivedBy: string;
  /** A PNG of the receiver's signature: base64, or a data: URL. */
  signaturePng?: string | null;
  /** The last six characters of the household head's identity number (身份证后六位). */
  confirmationCode?: string | null;
  note?: string | null;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 256 * 1024;

/** The receipt checked against the household: the proof kind and the signature bytes. */
function proofOf(receipt: Receipt, household: HouseholdEntity): { proof: DeliveryProof; signature: Buffer | null } {
  if (receipt.signaturePng) {
    const base64 = receipt.signaturePng.replace(/^data:image\/png;base64,/, '');
    const bytes = /^[A-Za-z0-9+/=\s]+$/.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0);
    if (bytes.length < PNG_MAGIC.length || !bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
      throw new InputError('input.signaturePng', '签名须为 PNG 图片（base64 编码）');
    }
    if (bytes.length > MAX_SIGNATURE_BYTES) throw new InputError('input.signaturePng', '签名图片最大 256 KB');
    return { proof: DeliveryProof.SIGNATURE, signature: bytes };
  }
  const code = receipt.confirmationCode?.trim().toUpperCase();
  if (!code) return { proof: DeliveryProof.NAME_ONLY, signature: null };
  if (!household.identityNumber) {
    throw new InputError('input.confirmationCode', '这户没有登记身份证号，无法用确认码：请让户主签名');
  }
  if (code !== household.identityNumber.slice(-6).toUpperCase()) {
    throw new InputError('input.confirmationCode', '确认码与户主身份证号后六位不符');
  }
  return { proof: DeliveryProof.CONFIRMATION_CODE, signature: null };
}

/**
 * 统一打包、统一配送: parcels packed at a centre move one tier at a time (district ↔ town ↔
 * village), are received at their destination, unpacked into its stock or handed to a household.
 */
@Injectable()
export class ParcelService {
  constructor(
    private readonly repo: GoodsRepository,
    private readonly items: ItemService,
    private readonly needs: NeedRepository,
    private readonly households: HouseholdService,
    private readonly desks: Desks,
    private readonly centres: Centres,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly transactions: Transactions,
  ) {}

  /** A parcel inside the scope; NOT_FOUND otherwise, whether or not it exists. */
  async get(scope: RegionScope, rawCode: string, field = 'code'): Promise<ParcelEntity> {
    const { code } = parseGoodsCode(rawCode, field, [CodeKind.PARCEL]);
    const parcel = await this.repo.parcelByCode(scope, code);
    if (!parcel) throw new ParcelNotFoundError(code, field);
    return parcel;
  }

  /** 统一打包: items in stock at the caller's centre into a new parcel. */
  async pack(actor: StaffPrincipal, input: NewParcel): Promise<ParcelEntity> {
    const codes = parseCodes(input.itemCodes, 'input.itemCodes', CodeKind.ITEM);
    const note = text(input.note, 'input.note', 200);
    const desk = await this.desks.of(actor);
    return this.transactions.run(async (tx) => {
      const items = await this.items.lockAt(tx, desk, codes, (i) => `input.itemCodes[${i}]`, ScanAction.PACK);
      const parcel = await this.repo.insertParcel(tx, {
        code: newGoodsCode(CodeKind.PARCEL),
        status: ParcelStatus.PACKED,
        packedNodeId: desk.here.node.id,
        fromNodeId: null,
        toNodeId: null,
        currentNodeId: desk.here.node.id,
        note,
        needId: null,
        deliveryId: null,
      });
      if (input.needId) await this.answer(tx, desk, input.needId, parcel, items);
      const ids = items.map((i) => i.id);
      await this.repo.addToParcel(tx, parcel.id, ids);
      await this.repo.updateItems(tx, ids, { status: ItemStatus.PACKED, parcelId: parcel.id });
      await this.repo.recordEvents(tx, actor, [
        { action: CustodyAction.PACKED, parcelId: parcel.id, nodeId: desk.here.node.id, note },
        ...items.map((i) => ({
          action: CustodyAction.PACKED,
          itemId: i.id,
          parcelId: parcel.id,
          nodeId: desk.here.node.id,
          note: `→ ${parcel.code}`,
        })),
      ]);
      await this.audit.record(tx, actor, {
        action: 'goods.pack',
        targetType: 'parcel',
        targetId: parcel.id,
        regionId: desk.here.region.id,
        input: { ...input, itemCodes: codes, parcelCode: parcel.code },
      });
      return this.repo.parcelById(tx, parcel.id);
    });
  }

  /** 统一配送: to the parent centre or a child's, never further in one step. */
  async dispatch(actor: StaffPrincipal, parcelCode: string, toNodeId: string): Promise<ParcelEntity> {
    const desk = await this.desks.of(actor, [toNodeId]);
    const target = desk.directory.centre(toNodeId);
    if (!target) throw new CentreNotFoundError(toNodeId, 'toNodeId');
    return this.step(desk, parcelCode, ScanAction.DISPATCH, async (tx, parcel, items) => {
      if (!desk.directory.neighbours(desk.here.node.id, toNodeId)) {
        throw new InvalidTransitionError(
          `${target.node.name}不是${desk.here.node.name}的上级或下级：包裹每次只能发往相邻的一级`,
        );
      }
      await this.repo.updateItems(
        tx,
        items.map((i) => i.id),
        { status: ItemStatus.IN_TRANSIT, nodeId: null },
      );
      const updated = await this.repo.updateParcel(tx, parcel.id, {
        status: ParcelStatus.IN_TRANSIT,
        fromNodeId: desk.here.node.id,
        toNodeId,
        currentNodeId: null,
      });
      return { parcel: updated, action: CustodyAction.DISPATCHED, toNodeId, input: { toNodeId } };
    });
  }

  /** At the destination: the parcel and its items are in this centre's hands. */
  async receive(actor: StaffPrincipal, parcelCode: string): Promise<ParcelEntity> {
    const desk = await this.desks.of(actor);
    return this.step(desk, parcelCode, ScanAction.RECEIVE, async (tx, parcel, items) => {
      await this.repo.updateItems(
        tx,
        items.map((i) => i.id),
        { status: ItemStatus.PACKED, nodeId: desk.here.node.id },
      );
      const updated = await this.repo.updateParcel(tx, parcel.id, {
        status: ParcelStatus.RECEIVED,
        currentNodeId: desk.here.node.id,
      });
      if (parcel.needId) await this.fulfilOnArrival(tx, desk, parcel.needId, parcel.id);
      return { parcel: updated, action: CustodyAction.RECEIVED };
    });
  }

  /** The items go back into this centre's stock; the parcel is empty for good. */
  async unpack(actor: StaffPrincipal, parcelCode: string): Promise<ParcelEntity> {
    const desk = await this.desks.of(actor);
    return this.step(desk, parcelCode, ScanAction.UNPACK, async (tx, parcel, items) => {
      for (const status of [ItemStatus.REGISTERED, ItemStatus.DISINFECTED]) {
        await this.repo.updateItems(
          tx,
          items.filter((i) => stockStatusOf(i) === status).map((i) => i.id),
          { status, parcelId: null, nodeId: desk.here.node.id },
        );
      }
      const updated = await this.repo.updateParcel(tx, parcel.id, { status: ParcelStatus.UNPACKED });
      if (parcel.needId) await this.reopen(tx, parcel.needId, parcel.id);
      return { parcel: updated, action: CustodyAction.UNPACKED };
    });
  }

  /**
   * Hands a received parcel to a household of this village: every item must be disinfected.
   * Appends GOODS_OUT per item; the items' journey ends.
   */
  async deliver(actor: StaffPrincipal, parcelCode: string, receipt: Receipt): Promise<ParcelEntity> {
    const receivedBy = text(receipt.receivedBy, 'input.receivedBy', 32, true)!;
    const note = text(receipt.note, 'input.note', 500);
    const desk = await this.desks.of(actor);
    const household = await this.households.get(desk.scope, receipt.householdId, 'input.householdId');
    return this.step(desk, parcelCode, ScanAction.DELIVER, async (tx, parcel, items) => {
      this.assertServes(desk, household);
      const unclean = undisinfected(items);
      if (unclean.length) {
        throw new InvalidTransitionError(
          `包裹 ${parcel.code} 里有尚未消毒的物资（${unclean.join('、')}）：物资须消毒后才能发放到户`,
        );
      }
      const need = parcel.needId ? await this.needs.lockAnsweredBy(tx, parcel.needId) : null;
      if (need?.householdId && need.householdId !== household.id) {
        throw new InputError('input.householdId', `包裹 ${parcel.code} 是响应另一户的帮扶需求的`);
      }
      const { proof, signature } = proofOf(receipt, household);
      const delivery = await this.repo.insertDelivery(tx, {
        householdId: household.id,
        nodeId: desk.here.node.id,
        parcelId: parcel.id,
        receivedBy,
        proof,
        signaturePng: signature,
        actorStaffId: actor.staffId,
        actorUsername: actor.username,
        note,
      });
      const updated = await this.repo.updateParcel(tx, parcel.id, {
        status: ParcelStatus.DELIVERED,
        currentNodeId: null,
        deliveryId: delivery.id,
      });
      if (need && need.status === NeedStatus.ANSWERED) {
        await this.needs.update(tx, need.id, { status: NeedStatus.FULFILLED });
      }
      await this.handOver(tx, desk, items, household, delivery.id);
      return {
        parcel: updated,
        action: CustodyAction.DELIVERED,
        note: `household ${household.code}`,
        input: { householdId: household.id, receivedBy: maskName(receivedBy), proof },
        // GOODS_OUT goes last: the ledger's lock is held only until the commit.
        after: () => this.appendGoodsOut(tx, desk, items),
      };
    });
  }

  /** Hands loose items in this village centre's stock to a household (no parcel). */
  async deliverItems(actor: StaffPrincipal, itemCodes: string[], receipt: Receipt): Promise<ItemEntity[]> {
    const codes = parseCodes(itemCodes, 'input.itemCodes', CodeKind.ITEM);
    const receivedBy = text(receipt.receivedBy, 'input.receivedBy', 32, true)!;
    const note = text(receipt.note, 'input.note', 500);
    const desk = await this.desks.of(actor);
    const household = await this.households.get(desk.scope, receipt.householdId, 'input.householdId');
    return this.transactions.run(async (tx) => {
      const items = await this.items.lockAt(tx, desk, codes, (i) => `input.itemCodes[${i}]`, ScanAction.DELIVER_ITEM);
      this.assertServes(desk, household);
      const { proof, signature } = proofOf(receipt, household);
      const delivery = await this.repo.insertDelivery(tx, {
        householdId: household.id,
        nodeId: desk.here.node.id,
        parcelId: null,
        receivedBy,
        proof,
        signaturePng: signature,
        actorStaffId: actor.staffId,
        actorUsername: actor.username,
        note,
      });
      await this.handOver(tx, desk, items, household, delivery.id);
      await this.audit.record(tx, actor, {
        action: 'goods.deliver_items',
        targetType: 'delivery',
        targetId: delivery.id,
        regionId: desk.here.region.id,
        input: { itemCodes: codes, householdId: household.id, receivedBy: maskName(receivedBy), proof, note },
      });
      await this.appendGoodsOut(tx, desk, items);
      return items.map((i) => ({
        ...i,
        status: ItemStatus.DELIVERED,
        householdId: household.id,
        deliveryId: delivery.id,
      }));
    });
  }

  /**
   * One parcel step in one transaction: the parcel locked, then its items; the rule checked;
   * the change; custody events for the parcel and each item; the audit row; ledger last.
   */
  private async step(
    desk: Desk,
    rawCode: string,
    step: ParcelStep,
    change: (
      tx: EntityManager,
      parcel: ParcelEntity,
      items: ItemEntity[],
    ) => Promise<{
      parcel: ParcelEntity;
      action: CustodyAction;
      toNodeId?: string;
      note?: string;
      input?: Record<string, unknown>;
      after?: () => Promise<void>;
    }>,
  ): Promise<ParcelEntity> {
    const { code } = parseGoodsCode(rawCode, 'parcelCode', [CodeKind.PARCEL]);
    return this.transactions.run(async (tx) => {
      const parcel = await this.repo.lockParcel(tx, desk.scope, code);
      if (!parcel) throw new ParcelNotFoundError(code);
      const refusal = parcelRefusal(step, parcel, desk.at, (id) => desk.directory.name(id));
      if (refusal) throw new InvalidTransitionError(refusal);
      const items = await this.repo.lockItemsOfParcel(tx, parcel.id);
      const done = await change(tx, parcel, items);
      const event = { action: done.action, parcelId: parcel.id, nodeId: desk.here.node.id, toNodeId: done.toNodeId };
      await this.repo.recordEvents(tx, desk.actor, [
        { ...event, note: done.note },
        ...items.map((i) => ({ ...event, itemId: i.id, note: parcel.code })),
      ]);
      await this.audit.record(tx, desk.actor, {
        action: `goods.${done.action.toLowerCase() as Lowercase<CustodyAction>}`,
        targetType: 'parcel',
        targetId: parcel.id,
        regionId: desk.here.region.id,
        input: { parcelCode: parcel.code, ...done.input },
      });
      if (done.after) await done.after();
      return done.parcel;
    });
  }

  private assertServes(desk: Desk, household: HouseholdEntity): void {
    if (household.regionId !== desk.here.region.id) {
      throw new InvalidTransitionError(
        `${household.code} 这户不由${desk.here.node.name}服务：请由这户所在村居的配送中心发放`,
      );
    }
  }

  private async handOver(
    tx: EntityManager,
    desk: Desk,
    items: ItemEntity[],
    household: HouseholdEntity,
    deliveryId: string,
  ): Promise<void> {
    await this.repo.updateItems(
      tx,
      items.map((i) => i.id),
      { status: ItemStatus.DELIVERED, householdId: household.id, deliveryId, nodeId: desk.here.node.id },
    );
  }

  /** One GOODS_OUT per item: the public ledger shows what reached which village, never whom. */
  private async appendGoodsOut(tx: EntityManager, desk: Desk, items: ItemEntity[]): Promise<void> {
    for (const item of items) {
      await this.ledger.append(tx, {
        kind: LedgerKind.GOODS_OUT,
        quantity: item.quantity,
        memo: `${item.code} ${item.category} ${item.quantity}${item.unit} · 送达${desk.here.region.name}受助家庭`,
      });
    }
  }

  /** 帮扶需求 answered by this parcel: the need must be open, inside the scope, of the same goods. */
  private async answer(
    tx: EntityManager,
    desk: Desk,
    needId: string,
    parcel: ParcelEntity,
    items: ItemEntity[],
  ): Promise<NeedEntity> {
    const need = await this.needs.lock(tx, desk.scope, needId);
    if (!need) throw new NeedNotFoundError(needId, 'input.needId');
    if (need.status !== NeedStatus.OPEN) {
      throw new InvalidTransitionError(`这条帮扶需求${NEED_STATUS_NAMES[need.status]}：只有待响应的需求可以响应`);
    }
    const other = items.find((i) => i.category !== need.category);
    if (other) {
      throw new InputError('input.itemCodes', `${other.code} 是${other.category}，这条需求要的是${need.category}`);
    }
    await this.repo.updateParcel(tx, parcel.id, { needId: need.id });
    parcel.needId = need.id;
    return this.needs.update(tx, need.id, { status: NeedStatus.ANSWERED, parcelId: parcel.id });
  }

  /** A need for the village as a whole is met when its parcel arrives there. */
  private async fulfilOnArrival(tx: EntityManager, desk: Desk, needId: string, parcelId: string): Promise<void> {
    const need = await this.needs.lockAnsweredBy(tx, needId);
    if (need && !need.householdId && need.parcelId === parcelId && need.regionId === desk.here.region.id) {
      await this.needs.update(tx, need.id, { status: NeedStatus.FULFILLED });
    }
  }

  /** Unpacked before it was delivered: the need is open again. */
  private async reopen(tx: EntityManager, needId: string, parcelId: string): Promise<void> {
    const need = await this.needs.lockAnsweredBy(tx, needId);
    if (need && need.status === NeedStatus.ANSWERED && need.parcelId === parcelId) {
      await this.needs.update(tx, need.id, { status: NeedStatus.OPEN, parcelId: null });
    }
  }
}
