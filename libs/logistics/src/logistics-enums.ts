import { registerEnumType } from '@nestjs/graphql';

/**
 * REGISTERED → DISINFECTED → PACKED → IN_TRANSIT → PACKED (received) → … → DELIVERED; REJECTED
 * (unusable, or written off at a stock-take) never moves again.
 */
export enum ItemStatus {
  REGISTERED = 'REGISTERED',
  DISINFECTED = 'DISINFECTED',
  PACKED = 'PACKED',
  IN_TRANSIT = 'IN_TRANSIT',
  DELIVERED = 'DELIVERED',
  REJECTED = 'REJECTED',
}

/** PACKED → IN_TRANSIT → RECEIVED → (IN_TRANSIT again, onward) → DELIVERED or UNPACKED. */
export enum ParcelStatus {
  PACKED = 'PACKED',
  IN_TRANSIT = 'IN_TRANSIT',
  RECEIVED = 'RECEIVED',
  DELIVERED = 'DELIVERED',
  UNPACKED = 'UNPACKED',
}

/** 成色: graded at registration; UNUSABLE goods are rejected on the spot. */
export enum ItemCondition {
  NEW = 'NEW',
  GOOD = 'GOOD',
  FAIR = 'FAIR',
  UNUSABLE = 'UNUSABLE',
}

/** 消毒方式 */
export enum DisinfectionMethod {
  UV = 'UV',
  STEAM = 'STEAM',
  CHEMICAL = 'CHEMICAL',
  HEAT = 'HEAT',
  OZONE = 'OZONE',
}

/** One step in the chain of custody (the `action` of a custody event). */
export enum CustodyAction {
  REGISTERED = 'REGISTERED',
  REJECTED = 'REJECTED',
  DISINFECTED = 'DISINFECTED',
  PACKED = 'PACKED',
  DISPATCHED = 'DISPATCHED',
  RECEIVED = 'RECEIVED',
  UNPACKED = 'UNPACKED',
  DELIVERED = 'DELIVERED',
  STOCK_ADJUSTED = 'STOCK_ADJUSTED',
  WRITTEN_OFF = 'WRITTEN_OFF',
}

/** What a scanner screen may offer the caller for the code just scanned. */
export enum ScanAction {
  REGISTER_ITEM = 'REGISTER_ITEM',
  DISINFECT = 'DISINFECT',
  PACK = 'PACK',
  ADJUST_STOCK = 'ADJUST_STOCK',
  DELIVER_ITEM = 'DELIVER_ITEM',
  DISPATCH = 'DISPATCH',
  RECEIVE = 'RECEIVE',
  UNPACK = 'UNPACK',
  DELIVER = 'DELIVER',
}

/** How the receiver of a delivery confirmed it. */
export enum DeliveryProof {
  SIGNATURE = 'SIGNATURE',
  CONFIRMATION_CODE = 'CONFIRMATION_CODE',
  /**
   * Only the receiver's name, as API.md's DeliverParcelInput has it: accepted, so clients of the
   * contract keep working, and listed as such so the town and auditors can follow it up.
   */
  NAME_ONLY = 'NAME_ONLY',
}

/** 帮扶需求: posted by a village, answered from stock above, fulfilled on delivery. */
export enum NeedStatus {
  OPEN = 'OPEN',
  ANSWERED = 'ANSWERED',
  FULFILLED = 'FULFILLED',
  CANCELLED = 'CANCELLED',
}

/** Each need status as the console names it, for messages. */
export const NEED_STATUS_NAMES: Readonly<Record<NeedStatus, string>> = {
  [NeedStatus.OPEN]: '待响应',
  [NeedStatus.ANSWERED]: '已响应',
  [NeedStatus.FULFILLED]: '已完成',
  [NeedStatus.CANCELLED]: '已撤销',
};

/** 捐赠意向: a donor's offer, matched when the goods are registered at a centre. */
export enum OfferStatus {
  OPEN = 'OPEN',
  MATCHED = 'MATCHED',
  CANCELLED = 'CANCELLED',
}

/** Each offer status as donors and staff read it, for messages. */
export const OFFER_STATUS_NAMES: Readonly<Record<OfferStatus, string>> = {
  [OfferStatus.OPEN]: '待送达',
  [OfferStatus.MATCHED]: '已登记入库',
  [OfferStatus.CANCELLED]: '已取消',
};

/** What a scanned code turned out to be. */
export enum ScannedKind {
  ITEM = 'ITEM',
  PARCEL = 'PARCEL',
  OFFER = 'OFFER',
}

/** Goods that sit in a centre's stock, outside any parcel. */
export const IN_STOCK: readonly ItemStatus[] = [ItemStatus.REGISTERED, ItemStatus.DISINFECTED];

registerEnumType(ItemStatus, { name: 'ItemStatus' });
registerEnumType(ParcelStatus, { name: 'ParcelStatus' });
registerEnumType(ItemCondition, { name: 'ItemCondition' });
registerEnumType(DisinfectionMethod, { name: 'DisinfectionMethod' });
registerEnumType(ScanAction, { name: 'ScanAction' });
registerEnumType(DeliveryProof, { name: 'DeliveryProof' });
registerEnumType(NeedStatus, { name: 'NeedStatus' });
registerEnumType(OfferStatus, { name: 'OfferStatus' });
registerEnumType(ScannedKind, { name: 'ScannedKind' });
