import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import {
  Allow,
  ANY_STAFF,
  CurrentDonor,
  CurrentStaff,
  DonorPrincipal,
  RegionScope,
  StaffPrincipal,
} from '@shanchou/identity';
import { RegionService, ServiceNodeObject } from '@shanchou/regions';
import { CodeArgs, CreateOfferInput, GoodsOffersArgs } from './dto/goods.inputs';
import { OfferObject } from './dto/offer.objects';
import { GoodsRepository } from './goods.repository';
import { nodeLoader } from './logistics.loaders';
import { OfferEntity } from './offer.entity';
import { OfferService } from './offer.service';

const DONOR = { donor: true };

/** 捐赠意向: a donor's own offers from the H5 page; the offers at their centres for staff in scope. */
@Resolver(() => OfferObject)
export class OfferResolver {
  constructor(
    private readonly offers: OfferService,
    private readonly regions: RegionService,
    private readonly goods: GoodsRepository,
  ) {}

  @Allow(DONOR)
  @Mutation(() => OfferObject, { description: 'Goods you will bring to a centre; show the code (OF-…) there' })
  async offerGoods(
    @Args('input') input: CreateOfferInput,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<OfferObject> {
    return (await this.present([await this.offers.create(donor, input)]))[0];
  }

  @Allow(DONOR)
  @Mutation(() => OfferObject, { description: 'Withdraws an offer not yet matched' })
  async withdrawGoodsOffer(@Args() { code }: CodeArgs, @CurrentDonor() donor: DonorPrincipal): Promise<OfferObject> {
    return (await this.present([await this.offers.cancel(donor, code)]))[0];
  }

  @Allow(DONOR)
  @Query(() => [OfferObject], { description: 'Your offers, newest first, with the items registered for each' })
  async myGoodsOffers(@CurrentDonor() donor: DonorPrincipal): Promise<OfferObject[]> {
    return this.present(await this.offers.mine(donor));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [OfferObject], {
    description:
      '捐赠意向 to be brought to the centres of a region inside your scope and below it, newest first (at most 200)',
  })
  async goodsOffers(
    @Args() { regionCode, status }: GoodsOffersArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OfferObject[]> {
    return this.present(await this.offers.atCentres(RegionScope.of(me), regionCode, status ?? []));
  }

  @ResolveField(() => ServiceNodeObject, { description: 'Where the goods are to be brought' })
  async dropOffNode(@Parent() offer: OfferObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject> {
    const node = await nodeLoader(ctx, this.regions).load(offer.dropOffNodeId);
    if (!node) throw new Error(`offer ${offer.code} has no drop-off node`);
    return ServiceNodeObject.from(node);
  }

  private async present(offers: OfferEntity[]): Promise<OfferObject[]> {
    const codes = await this.offers.itemCodesOf(offers.map((o) => o.id));
    return offers.map((o) => OfferObject.from(o, codes.get(o.id) ?? []));
  }
}
