import { ItemStatus, ParcelStatus, ScanAction } from './logistics-enums';

/** What the rules look at in an item. */
export interface ItemState {
  code: string;
  status: ItemStatus;
  nodeId: string | null;
  parcelId: string | null;
  disinfectedAt: Date | null;
  rejectionReason: string | null;
}

/** What the rules look at in a parcel. */
export interface ParcelState {
  code: string;
  status: ParcelStatus;
  currentNodeId: string | null;
  toNodeId: string | null;
}

export type ItemStep = ScanAction.DISINFECT | ScanAction.PACK | ScanAction.ADJUST_STOCK | ScanAction.DELIVER_ITEM;
export type ParcelStep = ScanAction.DISPATCH | ScanAction.RECEIVE | ScanAction.UNPACK | ScanAction.DELIVER;

const ITEM_STEPS: readonly ItemStep[] = [
  ScanAction.DISINFECT,
  ScanAction.PACK,
  ScanAction.ADJUST_STOCK,
  ScanAction.DELIVER_ITEM,
];
const PARCEL_STEPS: readonly ParcelStep[] = [
  ScanAction.DISPATCH,
  ScanAction.RECEIVE,
  ScanAction.UNPACK,
  ScanAction.DELIVER,
];

/** Names a node in a message. */
export type NodeNamer = (nodeId: string | null) => string;

/** Where the step is taken: the caller's own centre, and whether it serves a village. */
export interface Here {
  nodeId: string;
  isVillage: boolean;
}

/**
 * Why `step` may not be taken on the item at `here` now, or null when it may. The one statement
 * of the item state machine: the services refuse with it (INVALID_TRANSITION) and the scanner
 * offers exactly the steps it allows.
 */
export function itemRefusal(step: ItemStep, item: ItemState, here: Here, name: NodeNamer): string | null {
  switch (item.status) {
    case ItemStatus.REJECTED:
      return `item ${item.code} is REJECTED (${item.rejectionReason ?? 'unusable'}): rejected goods never move on`;
    case ItemStatus.DELIVERED:
      return `item ${item.code} was delivered to a household: its journey has ended`;
    case ItemStatus.PACKED:
      return `item ${item.code} is packed in a parcel: unpack the parcel first`;
    case ItemStatus.IN_TRANSIT:
      return `item ${item.code} is in transit in a parcel: receive and unpack it first`;
    case ItemStatus.REGISTERED:
    case ItemStatus.DISINFECTED:
      break;
  }
  if (item.nodeId !== here.nodeId) {
    return `item ${item.code} is in stock at ${name(item.nodeId)}, not at your centre`;
  }
  if (step === ScanAction.DELIVER_ITEM) {
    if (!here.isVillage) return `goods reach households only from a village centre (村居配送中心)`;
    if (item.status !== ItemStatus.DISINFECTED || !item.disinfectedAt) {
      return `item ${item.code} has not been disinfected: goods reach a household only disinfected`;
    }
  }
  return null;
}

/** Why `step` may not be taken on the parcel at `here` now, or null when it may. */
export function parcelRefusal(step: ParcelStep, parcel: ParcelState, here: Here, name: NodeNamer): string | null {
  switch (parcel.status) {
    case ParcelStatus.DELIVERED:
      return `parcel ${parcel.code} was delivered to a household: its journey has ended`;
    case ParcelStatus.UNPACKED:
      return `parcel ${parcel.code} was unpacked: it holds nothing any more`;
    case ParcelStatus.IN_TRANSIT:
      if (step !== ScanAction.RECEIVE) {
        return `parcel ${parcel.code} is in transit to ${name(parcel.toNodeId)}: it must be received there first`;
      }
      if (parcel.toNodeId !== here.nodeId) {
        return `parcel ${parcel.code} is on its way to ${name(parcel.toNodeId)}: only that centre can receive it`;
      }
      return null;
    case ParcelStatus.PACKED:
    case ParcelStatus.RECEIVED:
      break;
  }
  if (step === ScanAction.RECEIVE) {
    return `parcel ${parcel.code} is ${parcel.status} at ${name(parcel.currentNodeId)}, not in transit: there is nothing to receive`;
  }
  if (parcel.currentNodeId !== here.nodeId) {
    return `parcel ${parcel.code} is at ${name(parcel.currentNodeId)}, not at your centre`;
  }
  if (step === ScanAction.DELIVER) {
    if (parcel.status !== ParcelStatus.RECEIVED) {
      return `parcel ${parcel.code} has never been received at a village centre: dispatch it there and receive it first`;
    }
    if (!here.isVillage) return `goods reach households only from a village centre (村居配送中心)`;
  }
  return null;
}

/** The steps the item allows at `here` now. */
export function itemSteps(item: ItemState, here: Here, name: NodeNamer): ItemStep[] {
  return ITEM_STEPS.filter((step) => itemRefusal(step, item, here, name) === null);
}

/** The steps the parcel allows at `here` now; DELIVER also needs every item disinfected. */
export function parcelSteps(parcel: ParcelState, items: ItemState[], here: Here, name: NodeNamer): ParcelStep[] {
  return PARCEL_STEPS.filter(
    (step) =>
      parcelRefusal(step, parcel, here, name) === null &&
      (step !== ScanAction.DELIVER || undisinfected(items).length === 0),
  );
}

/** The items of a parcel that may not reach a household yet. */
export function undisinfected(items: ItemState[]): string[] {
  return items.filter((i) => !i.disinfectedAt).map((i) => i.code);
}

/** The status an item returns to in stock: disinfected if it ever was. */
export function stockStatusOf(item: Pick<ItemState, 'disinfectedAt'>): ItemStatus {
  return item.disinfectedAt ? ItemStatus.DISINFECTED : ItemStatus.REGISTERED;
}
