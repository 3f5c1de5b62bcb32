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

/** Each parcel status as the staff pages name it, for messages. */
const PARCEL_STATUS_NAMES: Record<ParcelStatus, string> = {
  [ParcelStatus.PACKED]: '已打包',
  [ParcelStatus.IN_TRANSIT]: '运送中',
  [ParcelStatus.RECEIVED]: '已签收',
  [ParcelStatus.DELIVERED]: '已发放到户',
  [ParcelStatus.UNPACKED]: '已拆包',
};

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
      return `物资 ${item.code} 已拒收（${item.rejectionReason ?? '不可用'}）：拒收的物资不能再流转`;
    case ItemStatus.DELIVERED:
      return `物资 ${item.code} 已发放到户，流转已经结束`;
    case ItemStatus.PACKED:
      return `物资 ${item.code} 已打包在包裹里：请先拆包`;
    case ItemStatus.IN_TRANSIT:
      return `物资 ${item.code} 正随包裹运送中：请先签收并拆包`;
    case ItemStatus.REGISTERED:
    case ItemStatus.DISINFECTED:
      break;
  }
  if (item.nodeId !== here.nodeId) {
    return `物资 ${item.code} 在${name(item.nodeId)}的库存里，不在你所在的中心`;
  }
  if (step === ScanAction.DELIVER_ITEM) {
    if (!here.isVillage) return `物资只能由村居配送中心发放到户`;
    if (item.status !== ItemStatus.DISINFECTED || !item.disinfectedAt) {
      return `物资 ${item.code} 还没有消毒：物资须消毒后才能发放到户`;
    }
  }
  return null;
}

/** Why `step` may not be taken on the parcel at `here` now, or null when it may. */
export function parcelRefusal(step: ParcelStep, parcel: ParcelState, here: Here, name: NodeNamer): string | null {
  switch (parcel.status) {
    case ParcelStatus.DELIVERED:
      return `包裹 ${parcel.code} 已发放到户，流转已经结束`;
    case ParcelStatus.UNPACKED:
      return `包裹 ${parcel.code} 已拆包，里面已经没有物资了`;
    case ParcelStatus.IN_TRANSIT:
      if (step !== ScanAction.RECEIVE) {
        return `包裹 ${parcel.code} 正在运往${name(parcel.toNodeId)}：须先在那里签收`;
      }
      if (parcel.toNodeId !== here.nodeId) {
        return `包裹 ${parcel.code} 正在运往${name(parcel.toNodeId)}：只有那个中心可以签收`;
      }
      return null;
    case ParcelStatus.PACKED:
    case ParcelStatus.RECEIVED:
      break;
  }
  if (step === ScanAction.RECEIVE) {
    return `包裹 ${parcel.code} 在${name(parcel.currentNodeId)}${PARCEL_STATUS_NAMES[parcel.status]}，不在运送中：没有需要签收的`;
  }
  if (parcel.currentNodeId !== here.nodeId) {
    return `包裹 ${parcel.code} 在${name(parcel.currentNodeId)}，不在你所在的中心`;
  }
  if (step === ScanAction.DELIVER) {
    if (parcel.status !== ParcelStatus.RECEIVED) {
      return `包裹 ${parcel.code} 还没有在村居配送中心签收过：请先发往村居配送中心并签收`;
    }
    if (!here.isVillage) return `物资只能由村居配送中心发放到户`;
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
