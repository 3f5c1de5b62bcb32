import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext, Public } from '@shanchou/core';
import { Allow, ANY_STAFF, CHANGING_STAFF, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { RegionService, ServiceNodeObject } from '@shanchou/regions';
import {
  CustodyEventObject,
  GoodsBalanceObject,
  ItemObject,
  ItemPageObject,
  ParcelObject,
  ScanResultObject,
  StockLineObject,
} from './dto/goods.objects';
import {
  AdjustStockInput,
  CodeArgs,
  DeliverItemsInput,
  DeliverParcelInput,
  DisinfectionInput,
  DispatchArgs,
  ItemPageArgs,
  ItemsArgs,
  NodeIdArgs,
  PackParcelInput,
  ParcelCodeArgs,
  RegisterItemInput,
} from './dto/goods.inputs';
import { OfferObject } from './dto/offer.objects';
import { GoodsRepository } from './goods.repository';
import { ItemService } from './item.service';
import { goodsLoaders, nodeLoader } from './logistics.loaders';
import { ParcelService } from './parcel.service';
import { ScanService } from './scan.service';
import { StockService } from './stock.service';

const STAFF = { staff: ANY_STAFF };
const CHANGING = { staff: CHANGING_STAFF };

/** 统一登记、统一消毒、统一打包、统一配送: items and parcels, scanning, stock, tracking. */
@Resolver()
export class GoodsResolver {
  constructor(
    private readonly itemService: ItemService,
    private readonly parcels: ParcelService,
    private readonly scanner: ScanService,
    private readonly stockService: StockService,
    private readonly regions: RegionService,
  ) {}

  @Allow(STAFF)
  @Query(() => ItemObject, { nullable: true, description: 'An item inside your scope (NOT_FOUND otherwise)' })
  async item(@Args() { code }: CodeArgs, @CurrentStaff() me: StaffPrincipal): Promise<ItemObject> {
    return ItemObject.from(await this.itemService.get(RegionScope.of(me), code));
  }

  @Allow(STAFF)
  @Query(() => [ItemObject], { description: 'Items at the centres of your scope, newest first' })
  async items(@Args() args: ItemsArgs, @CurrentStaff() me: StaffPrincipal): Promise<ItemObject[]> {
    const found = await this.itemService.list(
      RegionScope.of(me),
      { nodeId: args.nodeId, statuses: args.status, category: args.category },
      args.first,
    );
    return found.map((i) => ItemObject.from(i));
  }

  @Allow(STAFF)
  @Query(() => ItemPageObject, { description: 'Items at the centres of your scope, newest first, a page at a time' })
  async itemPage(@Args() args: ItemPageArgs, @CurrentStaff() me: StaffPrincipal): Promise<ItemPageObject> {
    const { items, nextAfter } = await this.itemService.page(
      RegionScope.of(me),
      { nodeId: args.nodeId, statuses: args.status, category: args.category },
      { first: args.first, after: args.after },
    );
    return { items: items.map((i) => ItemObject.from(i)), nextAfter };
  }

  @Allow(STAFF)
  @Query(() => ParcelObject, { nullable: true, description: 'A parcel inside your scope (NOT_FOUND otherwise)' })
  async parcel(@Args() { code }: CodeArgs, @CurrentStaff() me: StaffPrincipal): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.get(RegionScope.of(me), code));
  }

  @Allow(STAFF)
  @Query(() => [StockLineObject], { description: "库存: a centre's goods by category and unit" })
  async stock(@Args() { nodeId }: NodeIdArgs, @CurrentStaff() me: StaffPrincipal): Promise<StockLineObject[]> {
    return (await this.stockService.stock(RegionScope.of(me), nodeId)).map((r) =>
      Object.assign(new StockLineObject(), r),
    );
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => GoodsBalanceObject, { description: 'The conservation rule checked over the whole network' })
  async goodsBalance(): Promise<GoodsBalanceObject> {
    const balance = await this.stockService.balance();
    return Object.assign(new GoodsBalanceObject(), balance);
  }

  @Public()
  @Query(() => [CustodyEventObject], {
    description: 'Where a donated item (IT-…) or parcel (PK-…) went: centres and times, no personal data',
  })
  async trackGoods(@Args() { code }: CodeArgs): Promise<CustodyEventObject[]> {
    return (await this.itemService.track(code)).map((e) => CustodyEventObject.public(e));
  }

  @Allow(STAFF)
  @Query(() => ScanResultObject, {
    description: 'Any scanned code: what it is, where, and what you may do with it now',
  })
  async scan(@Args() { code }: CodeArgs, @CurrentStaff() me: StaffPrincipal): Promise<ScanResultObject> {
    const found = await this.scanner.scan(me, code);
    const nodes = new Map(
      (
        await this.regions.nodesByIds(
          [found.nodeId, found.toNodeId, ...found.dispatchTargetIds].filter((id): id is string => id !== null),
        )
      ).map((n) => [n.id, ServiceNodeObject.from(n)]),
    );
    return Object.assign(new ScanResultObject(), {
      kind: found.kind,
      code: found.code,
      item: found.item && ItemObject.from(found.item),
      parcel: found.parcel && ParcelObject.from(found.parcel),
      offer: found.offer && OfferObject.from(found.offer, found.offerItemCodes),
      node: (found.nodeId && nodes.get(found.nodeId)) ?? null,
      toNode: (found.toNodeId && nodes.get(found.toNodeId)) ?? null,
      summary: found.summary,
      actions: found.actions,
      dispatchTargets: found.dispatchTargetIds.flatMap((id) => nodes.get(id) ?? []),
    });
  }

  @Allow(CHANGING)
  @Mutation(() => ItemObject, { description: '统一登记 at your centre; appends GOODS_IN to the public ledger' })
  async registerItem(@Args('input') input: RegisterItemInput, @CurrentStaff() me: StaffPrincipal): Promise<ItemObject> {
    return ItemObject.from(await this.itemService.register(me, input));
  }

  @Allow(CHANGING)
  @Mutation(() => [ItemObject], { description: '统一消毒: all the items or none' })
  async recordDisinfection(
    @Args('input') input: DisinfectionInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ItemObject[]> {
    return (await this.itemService.disinfect(me, input)).map((i) => ItemObject.from(i));
  }

  @Allow(CHANGING)
  @Mutation(() => ItemObject, { description: '盘点: a stock-take found less; 0 writes the item off' })
  async adjustStock(@Args('input') input: AdjustStockInput, @CurrentStaff() me: StaffPrincipal): Promise<ItemObject> {
    return ItemObject.from(await this.itemService.adjustStock(me, input));
  }

  @Allow(CHANGING)
  @Mutation(() => ParcelObject, { description: '统一打包: items in stock at your centre' })
  async packParcel(@Args('input') input: PackParcelInput, @CurrentStaff() me: StaffPrincipal): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.pack(me, input));
  }

  @Allow(CHANGING)
  @Mutation(() => ParcelObject, { description: '统一配送: to the parent centre or a child centre' })
  async dispatchParcel(
    @Args() { parcelCode, toNodeId }: DispatchArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.dispatch(me, parcelCode, toNodeId));
  }

  @Allow(CHANGING)
  @Mutation(() => ParcelObject, { description: 'At its destination' })
  async receiveParcel(
    @Args() { parcelCode }: ParcelCodeArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.receive(me, parcelCode));
  }

  @Allow(CHANGING)
  @Mutation(() => ParcelObject, { description: "Its items back into your centre's stock" })
  async unpackParcel(
    @Args() { parcelCode }: ParcelCodeArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.unpack(me, parcelCode));
  }

  @Allow(CHANGING)
  @Mutation(() => ParcelObject, {
    description: 'To a household of your village, signed or confirmed; every item disinfected; appends GOODS_OUT',
  })
  async deliverParcel(
    @Args('input') input: DeliverParcelInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject> {
    return ParcelObject.from(await this.parcels.deliver(me, input.parcelCode, input));
  }

  @Allow(CHANGING)
  @Mutation(() => [ItemObject], {
    description: 'Loose disinfected items of your village centre to a household; appends GOODS_OUT per item',
  })
  async deliverItems(
    @Args('input') input: DeliverItemsInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ItemObject[]> {
    return (await this.parcels.deliverItems(me, input.itemCodes, input)).map((i) => ItemObject.from(i));
  }
}

@Resolver(() => ItemObject)
export class ItemFieldsResolver {
  constructor(
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  private get sources() {
    return { regions: this.regions, goods: this.goods };
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'The centre holding it; null in transit' })
  async node(@Parent() item: ItemObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(item.nodeId, ctx, this.sources);
  }

  @ResolveField(() => ServiceNodeObject, { description: 'Where it was registered' })
  async registeredNode(@Parent() item: ItemObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject> {
    const node = await nodeOf(item.registeredNodeId, ctx, this.sources);
    if (!node) throw new Error(`item ${item.code} has no registering node`);
    return node;
  }

  @ResolveField(() => ParcelObject, { nullable: true, description: 'The parcel it is in now' })
  async parcel(
    @Parent() item: ItemObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject | null> {
    if (!item.parcelId) return null;
    const parcel = await goodsLoaders(ctx, RegionScope.of(me), this.sources).parcel.load(item.parcelId);
    return parcel && ParcelObject.from(parcel);
  }

  @ResolveField(() => [CustodyEventObject], { description: 'Every step, oldest first' })
  async history(
    @Parent() item: ItemObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CustodyEventObject[]> {
    return (await goodsLoaders(ctx, RegionScope.of(me), this.sources).itemHistory.load(item.id)).map((e) =>
      CustodyEventObject.from(e),
    );
  }
}

@Resolver(() => ParcelObject)
export class ParcelFieldsResolver {
  constructor(
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  private get sources() {
    return { regions: this.regions, goods: this.goods };
  }

  @ResolveField(() => [ItemObject], {
    description:
      'Everything it carries (or carried, once unpacked or delivered) that you may see: all of it where it is handled in your scope, else only your own goods',
  })
  async items(
    @Parent() parcel: ParcelObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ItemObject[]> {
    const { items } = await goodsLoaders(ctx, RegionScope.of(me), this.sources).contents.load(parcel.id);
    return items.map((i) => ItemObject.from(i));
  }

  @ResolveField(() => Int, {
    description: 'Items in it that belong outside your scope: counted here, never shown in items',
  })
  async otherItemCount(
    @Parent() parcel: ParcelObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<number> {
    return (await goodsLoaders(ctx, RegionScope.of(me), this.sources).contents.load(parcel.id)).othersCount;
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'Where it was last dispatched from' })
  fromNode(@Parent() parcel: ParcelObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(parcel.fromNodeId, ctx, this.sources);
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'Where it was last dispatched to' })
  toNode(@Parent() parcel: ParcelObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(parcel.toNodeId, ctx, this.sources);
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'The centre holding it; null in transit' })
  currentNode(@Parent() parcel: ParcelObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(parcel.currentNodeId, ctx, this.sources);
  }

  @ResolveField(() => ServiceNodeObject)
  async packedNode(@Parent() parcel: ParcelObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject> {
    const node = await nodeOf(parcel.packedNodeId, ctx, this.sources);
    if (!node) throw new Error(`parcel ${parcel.code} has no packing node`);
    return node;
  }

  @ResolveField(() => [CustodyEventObject], { description: "The parcel's own steps, oldest first" })
  async history(
    @Parent() parcel: ParcelObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CustodyEventObject[]> {
    return (await goodsLoaders(ctx, RegionScope.of(me), this.sources).parcelHistory.load(parcel.id)).map((e) =>
      CustodyEventObject.from(e),
    );
  }
}

@Resolver(() => CustodyEventObject)
export class CustodyEventFieldsResolver {
  constructor(
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  private get sources() {
    return { regions: this.regions, goods: this.goods };
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'Where it happened' })
  node(@Parent() event: CustodyEventObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(event.nodeId, ctx, this.sources);
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true, description: 'A dispatch: where to' })
  toNode(@Parent() event: CustodyEventObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    return nodeOf(event.toNodeId, ctx, this.sources);
  }
}

async function nodeOf(
  id: string | null,
  ctx: GraphqlContext,
  sources: { regions: RegionService; goods: GoodsRepository },
): Promise<ServiceNodeObject | null> {
  if (!id) return null;
  const node = await nodeLoader(ctx, sources.regions).load(id);
  return node && ServiceNodeObject.from(node);
}
