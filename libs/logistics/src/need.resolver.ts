import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { ParcelObject } from './dto/goods.objects';
import { AnswerNeedInput, NeedIdArgs, NeedsArgs, PostNeedInput } from './dto/goods.inputs';
import { HouseholdObject } from './dto/household.objects';
import { NeedObject } from './dto/offer.objects';
import { GoodsRepository } from './goods.repository';
import { HouseholdService } from './household.service';
import { NeedStatus } from './logistics-enums';
import { goodsLoaders } from './logistics.loaders';
import { NeedEntity } from './need.entity';
import { NeedService } from './need.service';

@Resolver(() => NeedObject)
export class NeedResolver {
  constructor(
    private readonly needService: NeedService,
    private readonly households: HouseholdService,
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => [NeedObject], { description: '帮扶需求 of a region inside your scope and the villages below it' })
  async needs(@Args() { regionCode, status }: NeedsArgs, @CurrentStaff() me: StaffPrincipal): Promise<NeedObject[]> {
    const scope = RegionScope.of(me);
    return this.present(scope, await this.needService.list(scope, regionCode, status ?? [NeedStatus.OPEN]));
  }

  @Allow({ staff: [Role.VILLAGE_OPERATOR, Role.TOWN_OPERATOR] })
  @Mutation(() => NeedObject, { description: 'A village asks for goods, for a household or for itself' })
  async postNeed(@Args('input') input: PostNeedInput, @CurrentStaff() me: StaffPrincipal): Promise<NeedObject> {
    const [view] = await this.present(RegionScope.of(me), [await this.needService.post(me, input)]);
    return view;
  }

  @Allow({ staff: [Role.VILLAGE_OPERATOR, Role.TOWN_OPERATOR] })
  @Mutation(() => NeedObject, { description: 'An OPEN need withdrawn' })
  async cancelNeed(@Args() { needId }: NeedIdArgs, @CurrentStaff() me: StaffPrincipal): Promise<NeedObject> {
    const [view] = await this.present(RegionScope.of(me), [await this.needService.cancel(me, needId)]);
    return view;
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] })
  @Mutation(() => ParcelObject, {
    description: 'Answers a need from your stock: the items packed into a parcel for it',
  })
  async answerNeed(@Args('input') input: AnswerNeedInput, @CurrentStaff() me: StaffPrincipal): Promise<ParcelObject> {
    return ParcelObject.from(await this.needService.answer(me, input));
  }

  @ResolveField(() => RegionObject, { description: 'The village' })
  async region(@Parent() need: NeedObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(need.regionId);
    if (!region) throw new Error(`need ${need.id} has no region`);
    return RegionObject.from(region);
  }

  @ResolveField(() => ParcelObject, { nullable: true, description: 'The parcel answering it' })
  async parcel(
    @Parent() need: NeedObject,
    @Context() ctx: GraphqlContext,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ParcelObject | null> {
    if (!need.parcelId) return null;
    const parcel = await goodsLoaders(ctx, RegionScope.of(me), {
      regions: this.regions,
      goods: this.goods,
    }).parcel.load(need.parcelId);
    return parcel && ParcelObject.from(parcel);
  }

  private async present(scope: RegionScope, needs: NeedEntity[]): Promise<NeedObject[]> {
    const ids = [...new Set(needs.flatMap((n) => (n.householdId ? [n.householdId] : [])))];
    const households = await this.households.byIds(scope, ids);
    const privileged = HouseholdService.isPrivileged(scope);
    const views = new Map(households.map((h) => [h.id, HouseholdObject.from(h, privileged)]));
    return needs.map((n) => NeedObject.from(n, (n.householdId && views.get(n.householdId)) || null));
  }
}
