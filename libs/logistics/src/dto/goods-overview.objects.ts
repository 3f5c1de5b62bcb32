import { Field, Int, ObjectType } from '@nestjs/graphql';
import { GoodsOverview, RegionGoods } from '../goods-overview.service';

@ObjectType('RegionGoods', {
  description: 'Goods received at the centres of one region, and delivered to its households',
})
export class RegionGoodsObject {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => Int, { description: 'Lots registered at its centres, rejected ones included' }) itemsReceived!: number;
  @Field(() => Int) unitsReceived!: number;
  @Field(() => Int) unitsDelivered!: number;
  @Field(() => Int) householdsReached!: number;

  static from(r: RegionGoods): RegionGoodsObject {
    return Object.assign(new RegionGoodsObject(), r);
  }
}

@ObjectType('GoodsOverview', { description: '物资总览: goods received and delivered, by region' })
export class GoodsOverviewObject {
  @Field(() => Int) itemsReceived!: number;
  @Field(() => Int) unitsReceived!: number;
  @Field(() => Int) unitsDelivered!: number;
  @Field(() => Int) householdsReached!: number;
  @Field(() => Int, { description: 'At the centres now: in stock or packed' }) unitsInStock!: number;
  @Field(() => [RegionGoodsObject], {
    description: 'Every region one level below yours (a district: its streets and towns), zeros included',
  })
  byRegion!: RegionGoodsObject[];

  static from(o: GoodsOverview): GoodsOverviewObject {
    return Object.assign(new GoodsOverviewObject(), {
      ...o,
      byRegion: o.byRegion.map((r) => RegionGoodsObject.from(r)),
    });
  }
}
