import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { NeedStatus, OfferStatus } from '../logistics-enums';
import { NeedEntity } from '../need.entity';
import { OfferEntity } from '../offer.entity';
import { HouseholdObject } from './household.objects';

@ObjectType('GoodsOffer', { description: '捐赠意向: goods a donor will bring to a centre (OF-…)' })
export class OfferObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'Shown (or its QR code) at the centre' }) code!: string;
  @Field() category!: string;
  @Field() description!: string;
  @Field(() => Int) quantity!: number;
  @Field() unit!: string;
  @Field(() => OfferStatus) status!: OfferStatus;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) matchedAt!: Date | null;
  @Field(() => [String], { description: 'The items registered for it: follow each with trackGoods' })
  itemCodes!: string[];

  dropOffNodeId!: string;

  static from(o: OfferEntity, itemCodes: string[]): OfferObject {
    return Object.assign(new OfferObject(), {
      id: o.id,
      code: o.code,
      category: o.category,
      description: o.description,
      quantity: o.quantity,
      unit: o.unit,
      status: o.status,
      createdAt: o.createdAt,
      matchedAt: o.matchedAt,
      itemCodes,
      dropOffNodeId: o.dropOffNodeId,
    });
  }
}

@ObjectType('GoodsNeed', { description: '帮扶需求: what a village asks for, for a household or for itself' })
export class NeedObject {
  @Field(() => ID) id!: string;
  @Field() category!: string;
  @Field(() => Int) quantity!: number;
  @Field() unit!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => NeedStatus) status!: NeedStatus;
  @Field() createdAt!: Date;
  @Field(() => HouseholdObject, { nullable: true, description: 'Names masked outside its village and town' })
  household!: HouseholdObject | null;

  regionId!: string;
  parcelId!: string | null;

  static from(n: NeedEntity, household: HouseholdObject | null): NeedObject {
    return Object.assign(new NeedObject(), {
      id: n.id,
      category: n.category,
      quantity: n.quantity,
      unit: n.unit,
      note: n.note,
      status: n.status,
      createdAt: n.createdAt,
      household,
      regionId: n.regionId,
      parcelId: n.parcelId,
    });
  }
}
