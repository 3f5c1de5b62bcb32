import { Injectable } from '@nestjs/common';
import { RegionScope, StaffPrincipal } from '@shanchou/identity';
import { Centres } from './centres';
import { CodeKind, parseGoodsCode } from './goods-code';
import { Here, itemSteps, parcelSteps } from './goods-rules';
import { GoodsRepository } from './goods.repository';
import { ItemEntity } from './item.entity';
import { ItemService } from './item.service';
import { ItemStatus, OfferStatus, ParcelStatus, ScanAction, ScannedKind } from './logistics-enums';
import { OfferNotFoundError } from './logistics.errors';
import { OfferEntity } from './offer.entity';
import { OfferRepository } from './offer.repository';
import { ParcelEntity } from './parcel.entity';
import { ParcelService } from './parcel.service';

/** What a scanner screen shows after a scan. */
export interface ScanOutcome {
  kind: ScannedKind;
  code: string;
  item: ItemEntity | null;
  parcel: ParcelEntity | null;
  offer: OfferEntity | null;
  /** An offer's items registered so far. */
  offerItemCodes: string[];
  /** The centre holding it now; null in transit or once with a household. */
  nodeId: string | null;
  /** In transit: where it is bound. */
  toNodeId: string | null;
  /** One line for the screen: what and where. */
  summary: string;
  /** The steps the caller may take on it now, at their own centre. */
  actions: ScanAction[];
  /** For DISPATCH: the centres it may be sent to (parent and children of the caller's). */
  dispatchTargetIds: string[];
}

/**
 * The scanning API: a scanned code of whatever kind in, and back what it is, where it is, and what the caller may do
 * with it now — the same rules the steps themselves enforce (goods-rules.ts).
 */
@Injectable()
export class ScanService {
  constructor(
    private readonly repo: GoodsRepository,
    private readonly offers: OfferRepository,
    private readonly items: ItemService,
    private readonly parcels: ParcelService,
    private readonly centres: Centres,
  ) {}

  async scan(actor: StaffPrincipal, rawCode: string): Promise<ScanOutcome> {
    const { kind } = parseGoodsCode(rawCode, 'code');
    const scope = RegionScope.of(actor);
    const directory = await this.centres.directory({ regionIds: [actor.regionId] });
    const here = directory.ofRegion(actor.regionId);
    const at: Here | null =
      here && scope.mayChange ? { nodeId: here.node.id, isVillage: directory.isVillageCentre(here.node.id) } : null;
    const name = (id: string | null) => directory.name(id);

    switch (kind) {
      case CodeKind.ITEM: {
        const item = await this.items.get(scope, rawCode);
        const [parcel] = item.parcelId ? await this.repo.parcelsByIds(scope, [item.parcelId]) : [null];
        return {
          ...this.blank(ScannedKind.ITEM, item.code),
          item,
          parcel: parcel ?? null,
          nodeId: item.status === ItemStatus.DELIVERED ? null : item.nodeId,
          toNodeId: item.status === ItemStatus.IN_TRANSIT ? (parcel?.toNodeId ?? null) : null,
          summary: itemSummary(item, parcel ?? null, name),
          actions: at ? itemSteps(item, at, name) : [],
        };
      }
      case CodeKind.PARCEL: {
        const parcel = await this.parcels.get(scope, rawCode);
        const { items: shown, othersCount } = (await this.repo.contentsOf(scope, [parcel.id])).get(parcel.id)!;
        const contents = shown.filter((i) => i.parcelId === parcel.id);
        const actions = at ? parcelSteps(parcel, contents, at, name) : [];
        return {
          ...this.blank(ScannedKind.PARCEL, parcel.code),
          parcel,
          nodeId: parcel.currentNodeId,
          toNodeId: parcel.status === ParcelStatus.IN_TRANSIT ? parcel.toNodeId : null,
          summary:
            parcelSummary(parcel, contents.length, name) +
            (othersCount ? `; 另有 ${othersCount} 件不属本辖区的物品` : ''),
          actions,
          dispatchTargetIds:
            at && actions.includes(ScanAction.DISPATCH) ? directory.neighboursOf(at.nodeId).map((c) => c.node.id) : [],
        };
      }
      case CodeKind.OFFER: {
        const { code } = parseGoodsCode(rawCode, 'code', [CodeKind.OFFER]);
        const offer = await this.offers.findForStaff(scope, code);
        if (!offer) throw new OfferNotFoundError(code);
        return {
          ...this.blank(ScannedKind.OFFER, offer.code),
          offer,
          offerItemCodes: (await this.offers.itemCodesOf([offer.id])).get(offer.id) ?? [],
          nodeId: offer.dropOffNodeId,
          summary: `捐赠意向 ${offer.category} ${offer.quantity}${offer.unit} (${offer.status}), 送至 ${name(offer.dropOffNodeId)}`,
          actions: at && offer.status !== OfferStatus.CANCELLED ? [ScanAction.REGISTER_ITEM] : [],
        };
      }
    }
  }

  private blank(kind: ScannedKind, code: string): ScanOutcome {
    return {
      kind,
      code,
      item: null,
      parcel: null,
      offer: null,
      offerItemCodes: [],
      nodeId: null,
      toNodeId: null,
      summary: '',
      actions: [],
      dispatchTargetIds: [],
    };
  }
}

function itemSummary(item: ItemEntity, parcel: ParcelEntity | null, name: (id: string | null) => string): string {
  const what = `${item.category} ${item.description} ${item.quantity}${item.unit}`;
  switch (item.status) {
    case ItemStatus.REGISTERED:
      return `${what}: 在 ${name(item.nodeId)} 库存, 未消毒`;
    case ItemStatus.DISINFECTED:
      return `${what}: 在 ${name(item.nodeId)} 库存, 已消毒`;
    case ItemStatus.PACKED:
      return `${what}: 在 ${name(item.nodeId)}, 装于包裹 ${parcel?.code ?? ''}`;
    case ItemStatus.IN_TRANSIT:
      return `${what}: 随包裹 ${parcel?.code ?? ''} 运往 ${name(parcel?.toNodeId ?? null)}`;
    case ItemStatus.DELIVERED:
      return `${what}: 已由 ${name(item.nodeId)} 送达受助家庭`;
    case ItemStatus.REJECTED:
      return `${what}: 不合格 (${item.rejectionReason ?? ''}), 在 ${name(item.nodeId)}`;
  }
}

function parcelSummary(parcel: ParcelEntity, items: number, name: (id: string | null) => string): string {
  switch (parcel.status) {
    case ParcelStatus.PACKED:
      return `包裹 ${items} 件物品: 在 ${name(parcel.currentNodeId)} 打包待发`;
    case ParcelStatus.IN_TRANSIT:
      return `包裹 ${items} 件物品: 从 ${name(parcel.fromNodeId)} 运往 ${name(parcel.toNodeId)}`;
    case ParcelStatus.RECEIVED:
      return `包裹 ${items} 件物品: 已在 ${name(parcel.currentNodeId)} 签收`;
    case ParcelStatus.DELIVERED:
      return `包裹: 已由 ${name(parcel.toNodeId)} 送达受助家庭`;
    case ParcelStatus.UNPACKED:
      return `包裹: 已在 ${name(parcel.currentNodeId)} 拆包入库`;
  }
}
