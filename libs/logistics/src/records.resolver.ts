import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService, ServiceNodeObject } from '@shanchou/regions';
import { ParcelObject } from './dto/goods.objects';
import { DeliveriesArgs, DeliveryObject, StockAdjustmentObject, StockAdjustmentsArgs } from './dto/records.objects';
import { GoodsRepository } from './goods.repository';
import { goodsLoaders, nodeLoader } from './logistics.loaders';
import { RecordsService } from './records.service';

@Resolver(() => DeliveryObject)
export class RecordsResolver {
  constructor(
    private readonly records: RecordsService,
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => [DeliveryObject], {
    description: 'Who received what: deliveries to the households of a region in your scope',
  })
  async deliveries(
    @Args() { regionCode, first }: DeliveriesArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<DeliveryObject[]> {
    return (await this.records.deliveries(RegionScope.of(me), regionCode, first)).map((r) => DeliveryObject.from(r));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [StockAdjustmentObject], { description: 'The stock-takes at a centre in your scope, newest first' })
  async stockAdjustments(
    @Args() { nodeId, first }: StockAdjustmentsArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<StockAdjustmentObject[]> {
    return (await this.records.adjustments(RegionScope.of(me), nodeId, first)).map((a) =>
      StockAdjustmentObject.from(a),
    );
  }

  @ResolveField(() => ServiceNodeObject, { description: 'The village centre that handed the goods over' })
  async node(@Parent() delivery: DeliveryObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject> {
    const node = await nodeLoader(ctx, this.regions).load(delivery.nodeId);
    if (!node) throw new Error(`delivery ${delivery.id} has no node`);
    return ServiceNodeObject.from(node);
  }

  @ResolveField(() => ParcelObject, { nullable: true, description: 'The parcel delivered whole, if it was one' })
  async parcel(
    @Parent() delivery: DeliveryObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject | null> {
    if (!delivery.parcelId) return null;
    const parcel = await goodsLoaders(ctx, RegionScope.of(me), {
      regions: this.regions,
      goods: this.goods,
    }).parcel.load(delivery.parcelId);
    return parcel && ParcelObject.from(parcel);
  }
}
