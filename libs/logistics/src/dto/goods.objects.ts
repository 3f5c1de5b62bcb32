import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ServiceNodeObject } from '@shanchou/regions';
import { CustodyEventEntity } from '../custody-event.entity';
import { ItemEntity } from '../item.entity';
import { ItemCondition, ItemStatus, ParcelStatus, ScanAction, ScannedKind } from '../logistics-enums';
import { ParcelEntity } from '../parcel.entity';
import { OfferObject } from './offer.objects';

@ObjectType('CustodyEvent', {
  description: '交接记录: one step of an item or parcel, where and when, and (staff only) who',
})
export class CustodyEventObject {
  @Field()
  at!: Date;

  @Field({ description: 'REGISTERED, REJECTED, DISINFECTED, PACKED, DISPATCHED, RECEIVED, UNPACKED, DELIVERED, …' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'The staff member (username); null in the public track' })
  actor!: string | null;

  @Field(() => String, { nullable: true, description: 'Staff only; null in the public track' })
  note!: string | null;

  nodeId!: string;
  toNodeId!: string | null;

  /** As staff see it. */
  static from(e: CustodyEventEntity): CustodyEventObject {
    return Object.assign(new CustodyEventObject(), {
      at: e.at,
      action: e.action,
      actor: e.actorUsername,
      note: e.note,
      nodeId: e.nodeId,
      toNodeId: e.toNodeId,
    });
  }

  /** As anyone may see it: centres and times only. */
  static public(e: CustodyEventEntity): CustodyEventObject {
    return Object.assign(CustodyEventObject.from(e), { actor: null, note: null });
  }
}

@ObjectType('Item', { description: '物品: one lot of donated goods with its own QR label (IT-…)' })
export class ItemObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field() category!: string;
  @Field() description!: string;
  @Field(() => Int, { description: 'What is left; lower than registered after a stock-take' }) quantity!: number;
  @Field(() => Int) registeredQuantity!: number;
  @Field() unit!: string;
  @Field(() => ItemStatus) status!: ItemStatus;
  @Field(() => ItemCondition) condition!: ItemCondition;
  @Field(() => String, { nullable: true }) rejectionReason!: string | null;
  @Field(() => String, { nullable: true, description: 'Staff only, never public' }) donorName!: string | null;
  @Field(() => String, { nullable: true, description: 'Staff only, never public' }) donorPhone!: string | null;
  @Field(() => Date, { nullable: true, description: 'The last disinfection' }) disinfectedAt!: Date | null;
  @Field() registeredAt!: Date;
  @Field(() => Int, { nullable: true, description: 'Its GOODS_IN entry in the public ledger' }) ledgerSeq!:
    number | null;

  nodeId!: string | null;
  registeredNodeId!: string;
  parcelId!: string | null;

  static from(i: ItemEntity): ItemObject {
    return Object.assign(new ItemObject(), {
      id: i.id,
      code: i.code,
      category: i.category,
      description: i.description,
      quantity: i.quantity,
      registeredQuantity: i.registeredQuantity,
      unit: i.unit,
      status: i.status,
      condition: i.condition,
      rejectionReason: i.rejectionReason,
      donorName: i.donorName,
      donorPhone: i.donorPhone,
      disinfectedAt: i.disinfectedAt,
      registeredAt: i.registeredAt,
      ledgerSeq: i.ledgerSeq === null ? null : Number(i.ledgerSeq),
      nodeId: i.nodeId,
      registeredNodeId: i.registeredNodeId,
      parcelId: i.parcelId,
    });
  }
}

@ObjectType('Parcel', { description: '包裹: items packed together and moved one tier at a time (PK-…)' })
export class ParcelObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field(() => ParcelStatus) status!: ParcelStatus;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() packedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The village need (帮扶需求) it answers' }) needId!: string | null;

  packedNodeId!: string;
  fromNodeId!: string | null;
  toNodeId!: string | null;
  currentNodeId!: string | null;

  static from(p: ParcelEntity): ParcelObject {
    return Object.assign(new ParcelObject(), {
      id: p.id,
      code: p.code,
      status: p.status,
      note: p.note,
      packedAt: p.packedAt,
      needId: p.needId,
      packedNodeId: p.packedNodeId,
      fromNodeId: p.fromNodeId,
      toNodeId: p.toNodeId,
      currentNodeId: p.currentNodeId,
    });
  }
}

@ObjectType('ScanResult', {
  description: 'What a scanned code is, where it is, and what the caller may do with it now',
})
export class ScanResultObject {
  @Field(() => ScannedKind) kind!: ScannedKind;
  @Field() code!: string;
  @Field(() => ItemObject, { nullable: true }) item!: ItemObject | null;
  @Field(() => ParcelObject, { nullable: true, description: 'The parcel scanned, or the one the item is in' })
  parcel!: ParcelObject | null;
  @Field(() => OfferObject, { nullable: true }) offer!: OfferObject | null;
  @Field(() => ServiceNodeObject, {
    nullable: true,
    description: 'The centre holding it; null in transit or delivered',
  })
  node!: ServiceNodeObject | null;
  @Field(() => ServiceNodeObject, { nullable: true, description: 'In transit: where it is bound' })
  toNode!: ServiceNodeObject | null;
  @Field({ description: 'One line for the scanner screen' }) summary!: string;
  @Field(() => [ScanAction], { description: 'The steps the caller may take on it now, at their own centre' })
  actions!: ScanAction[];
  @Field(() => [ServiceNodeObject], { description: 'Where DISPATCH may send it: the parent and child centres' })
  dispatchTargets!: ServiceNodeObject[];
}

@ObjectType('ItemPage', { description: 'A page of items, newest first' })
export class ItemPageObject {
  @Field(() => [ItemObject]) items!: ItemObject[];
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last' })
  nextAfter!: string | null;
}

@ObjectType('StockLine', { description: "库存: a centre's goods of one category and unit" })
export class StockLineObject {
  @Field() category!: string;
  @Field() unit!: string;
  @Field(() => Int, { description: 'In stock, outside parcels' }) inStock!: number;
  @Field(() => Int, { description: 'Of those, disinfected' }) disinfected!: number;
  @Field(() => Int, { description: 'In parcels at the centre' }) packed!: number;
  @Field(() => Int, { description: 'In parcels on their way to the centre' }) inTransit!: number;
  @Field(() => Int, { description: 'Items at the centre (in stock or packed)' }) items!: number;
}

@ObjectType('GoodsBalanceLine', {
  description: 'One category: registered = in stock + packed + in transit + delivered + rejected',
})
export class GoodsBalanceLineObject {
  @Field() category!: string;
  @Field() unit!: string;
  @Field(() => Int) registered!: number;
  @Field(() => Int) inStock!: number;
  @Field(() => Int) packed!: number;
  @Field(() => Int) inTransit!: number;
  @Field(() => Int) delivered!: number;
  @Field(() => Int, { description: 'Rejected at registration, and written off at stock-takes' }) rejected!: number;
  @Field(() => Int, { description: 'Of rejected: written off at stock-takes' }) writtenOff!: number;
  @Field() holds!: boolean;
}

@ObjectType('MisplacedGoods', { description: 'An item or parcel not in exactly one place' })
export class MisplacedGoodsObject {
  @Field() code!: string;
  @Field() problem!: string;
}

@ObjectType('GoodsBalance', {
  description: '物资平衡: the conservation rule over the whole network, and the ledger beside it',
})
export class GoodsBalanceObject {
  @Field(() => [GoodsBalanceLineObject]) lines!: GoodsBalanceLineObject[];
  @Field(() => [MisplacedGoodsObject]) misplaced!: MisplacedGoodsObject[];
  @Field(() => Int) registeredUnits!: number;
  @Field(() => Int, { description: 'The public ledger’s GOODS_IN units: equal to registeredUnits' })
  ledgerGoodsInUnits!: number;
  @Field(() => Int) deliveredUnits!: number;
  @Field(() => Int, { description: 'The public ledger’s GOODS_OUT units: equal to deliveredUnits' })
  ledgerGoodsOutUnits!: number;
  @Field(() => Int, { description: 'Refused at registration or written off at stock-takes' }) writtenOffUnits!: number;
  @Field(() => Int, { description: 'The public ledger’s GOODS_WRITE_OFF units: equal to writtenOffUnits' })
  ledgerWriteOffUnits!: number;
  @Field({ description: 'Every line holds, nothing is misplaced, and the ledger agrees' }) holds!: boolean;
}
