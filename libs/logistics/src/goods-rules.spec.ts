import { CodeKind, newGoodsCode } from './goods-code';
import { ItemState, itemSteps, ParcelState, parcelSteps, stockStatusOf, undisinfected } from './goods-rules';
import { ItemStatus, ParcelStatus, ScanAction } from './logistics-enums';

const TOWN = { nodeId: 'town', isVillage: false };
const VILLAGE = { nodeId: 'village', isVillage: true };
const name = (id: string | null) => id ?? 'nowhere';

function item(status: ItemStatus, nodeId: string | null, disinfected = false): ItemState {
  return {
    code: newGoodsCode(CodeKind.ITEM),
    status,
    nodeId,
    parcelId: status === ItemStatus.PACKED || status === ItemStatus.IN_TRANSIT ? 'p' : null,
    disinfectedAt: disinfected ? new Date() : null,
    rejectionReason: status === ItemStatus.REJECTED ? '霉变' : null,
  };
}

function parcel(status: ParcelStatus, currentNodeId: string | null, toNodeId: string | null = null): ParcelState {
  return { code: newGoodsCode(CodeKind.PARCEL), status, currentNodeId, toNodeId };
}

describe('the item state machine', () => {
  it('lets stock at the caller’s centre be disinfected, packed and counted; a village hands disinfected stock out', () => {
    expect(itemSteps(item(ItemStatus.REGISTERED, 'town'), TOWN, name)).toEqual([
      ScanAction.DISINFECT,
      ScanAction.PACK,
      ScanAction.ADJUST_STOCK,
    ]);
    expect(itemSteps(item(ItemStatus.REGISTERED, 'village'), VILLAGE, name)).not.toContain(ScanAction.DELIVER_ITEM);
    expect(itemSteps(item(ItemStatus.DISINFECTED, 'village', true), VILLAGE, name)).toContain(ScanAction.DELIVER_ITEM);
  });

  it.each([
    [ItemStatus.PACKED, 'town'],
    [ItemStatus.IN_TRANSIT, null],
    [ItemStatus.DELIVERED, 'village'],
    [ItemStatus.REJECTED, 'town'],
    [ItemStatus.REGISTERED, 'elsewhere'],
  ] as const)('offers nothing for an item %s at %s', (status, node) => {
    expect(itemSteps(item(status, node, true), TOWN, name)).toEqual([]);
  });
});

describe('the parcel state machine', () => {
  it('lets the holder dispatch or unpack it; only the destination receives it; a village delivers a received one', () => {
    expect(parcelSteps(parcel(ParcelStatus.PACKED, 'town'), [], TOWN, name)).toEqual([
      ScanAction.DISPATCH,
      ScanAction.UNPACK,
    ]);
    const inTransit = parcel(ParcelStatus.IN_TRANSIT, null, 'village');
    expect(parcelSteps(inTransit, [], TOWN, name)).toEqual([]);
    expect(parcelSteps(inTransit, [], VILLAGE, name)).toEqual([ScanAction.RECEIVE]);
    const received = parcel(ParcelStatus.RECEIVED, 'village');
    const clean = [item(ItemStatus.PACKED, 'village', true)];
    expect(parcelSteps(received, clean, VILLAGE, name)).toEqual([
      ScanAction.DISPATCH,
      ScanAction.UNPACK,
      ScanAction.DELIVER,
    ]);
    expect(parcelSteps(received, [...clean, item(ItemStatus.PACKED, 'village')], VILLAGE, name)).not.toContain(
      ScanAction.DELIVER,
    );
    expect(parcelSteps(parcel(ParcelStatus.PACKED, 'village'), clean, VILLAGE, name)).not.toContain(ScanAction.DELIVER);
  });

  it.each([ParcelStatus.DELIVERED, ParcelStatus.UNPACKED])('offers nothing for a %s parcel', (status) => {
    expect(parcelSteps(parcel(status, 'village'), [], VILLAGE, name)).toEqual([]);
  });

  it('puts unpacked goods back as they were: disinfected or not', () => {
    const dirty = item(ItemStatus.PACKED, 'town');
    const clean = item(ItemStatus.PACKED, 'town', true);
    expect(stockStatusOf(dirty)).toBe(ItemStatus.REGISTERED);
    expect(stockStatusOf(clean)).toBe(ItemStatus.DISINFECTED);
    expect(undisinfected([dirty, clean])).toEqual([dirty.code]);
  });
});
