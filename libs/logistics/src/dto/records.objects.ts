import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsUUID, Matches, Max, Min } from 'class-validator';
import { maskName } from '@shanchou/core';
import { DeliveryProof } from '../logistics-enums';
import { DeliveryRecord } from '../records.service';
import { StockAdjustmentEntity } from '../stock-adjustment.entity';
import { ItemEntity } from '../item.entity';
import { ItemObject } from './goods.objects';
import { HouseholdObject } from './household.objects';

@ObjectType('Delivery', {
  description: '签收记录: goods handed to a household, who received them and how they confirmed',
})
export class DeliveryObject {
  @Field(() => ID) id!: string;
  @Field() deliveredAt!: Date;
  @Field({ description: '签收人: masked (张*) outside the household’s village and town' }) receivedBy!: string;
  @Field(() => DeliveryProof) proof!: DeliveryProof;
  @Field({ description: 'GET /deliveries/<id>/signature.png (its village’s and town’s staff)' })
  hasSignature!: boolean;
  @Field({ description: 'The staff member who handed the goods over' }) actor!: string;
  @Field(() => HouseholdObject) household!: HouseholdObject;
  @Field(() => [ItemObject]) items!: ItemObject[];

  nodeId!: string;
  parcelId!: string | null;

  static from(record: DeliveryRecord): DeliveryObject {
    const d = record.delivery;
    return Object.assign(new DeliveryObject(), {
      id: d.id,
      deliveredAt: d.deliveredAt,
      receivedBy: record.privileged ? d.receivedBy : maskName(d.receivedBy),
      proof: d.proof,
      hasSignature: d.proof === DeliveryProof.SIGNATURE,
      actor: d.actorUsername,
      household: HouseholdObject.from(record.household, record.privileged),
      items: record.items.map((i) => ItemObject.from(i)),
      nodeId: d.nodeId,
      parcelId: d.parcelId,
    });
  }
}

@ObjectType('StockAdjustment', { description: '盘点调整: a stock-take found less than recorded' })
export class StockAdjustmentObject {
  @Field() at!: Date;
  @Field() itemCode!: string;
  @Field() category!: string;
  @Field() unit!: string;
  @Field(() => Int) fromQuantity!: number;
  @Field(() => Int, { description: '0: written off' }) toQuantity!: number;
  @Field() reason!: string;
  @Field() actor!: string;

  static from(a: StockAdjustmentEntity & { item: ItemEntity }): StockAdjustmentObject {
    return Object.assign(new StockAdjustmentObject(), {
      at: a.at,
      itemCode: a.item.code,
      category: a.item.category,
      unit: a.item.unit,
      fromQuantity: a.fromQuantity,
      toQuantity: a.toQuantity,
      reason: a.reason,
      actor: a.actorUsername,
    });
  }
}

@ArgsType()
export class DeliveriesArgs {
  @Field({ description: 'Deliveries to the households of this region and the villages below it' })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500) first = 50;
}

@ArgsType()
export class StockAdjustmentsArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的服务站点编号' }) nodeId!: string;
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(500) first = 50;
}
