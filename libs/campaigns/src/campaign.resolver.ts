import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext, SafeInt } from '@shanchou/core';
import DataLoader from 'dataloader';
import { Public } from '@shanchou/core';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { CampaignService } from './campaign.service';
import {
  AllocationInput,
  CampaignIdArgs,
  CampaignObject,
  CampaignsArgs,
  CampaignSlugArgs,
  CreateCampaignInput,
  FundsMovementObject,
  UpdateCampaignInput,
} from './dto/campaign.object';
import { FundsService } from './funds.service';
import { MatchingService } from './matching.service';

const ADMIN = { staff: [Role.DISTRICT_ADMIN] };

@Resolver(() => CampaignObject)
export class CampaignResolver {
  constructor(
    private readonly campaignService: CampaignService,
    private readonly funds: FundsService,
    private readonly matching: MatchingService,
  ) {}

  @ResolveField(() => SafeInt, { description: 'Matched by sponsors (配捐), on top of raisedFen' })
  matchedFen(@Parent() campaign: CampaignObject, @Context() ctx: GraphqlContext): Promise<number> {
    return ctx.loaders
      .get('campaign.matchedFen', () => new DataLoader<string, number>((ids) => this.matching.matchedFenOf(ids)))
      .load(campaign.id);
  }

  @Allow(ADMIN)
  @Mutation(() => FundsMovementObject, {
    description: 'ALLOCATION: money from one campaign to another (a project, a village)',
  })
  async recordAllocation(
    @Args('input') input: AllocationInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<FundsMovementObject> {
    return FundsMovementObject.from(await this.funds.allocate(me, input));
  }

  @Public()
  @Query(() => [CampaignObject])
  async campaigns(@Args() { status }: CampaignsArgs): Promise<CampaignObject[]> {
    return (await this.campaignService.list(status)).map((c) => CampaignObject.from(c));
  }

  @Public()
  @Query(() => CampaignObject, { nullable: true })
  async campaign(@Args() { slug }: CampaignSlugArgs): Promise<CampaignObject | null> {
    const found = await this.campaignService.bySlug(slug);
    return found && CampaignObject.from(found);
  }

  @Allow(ADMIN)
  @Mutation(() => CampaignObject, { description: 'A new campaign, as a DRAFT' })
  async createCampaign(
    @Args('input') input: CreateCampaignInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CampaignObject> {
    return CampaignObject.from(await this.campaignService.create(me, input));
  }

  @Allow(ADMIN)
  @Mutation(() => CampaignObject)
  async updateCampaign(
    @Args() { campaignId }: CampaignIdArgs,
    @Args('input') input: UpdateCampaignInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CampaignObject> {
    return CampaignObject.from(await this.campaignService.update(me, campaignId, input));
  }

  @Allow(ADMIN)
  @Mutation(() => CampaignObject, { description: 'DRAFT → ACTIVE: the campaign takes gifts' })
  async activateCampaign(
    @Args() { campaignId }: CampaignIdArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CampaignObject> {
    return CampaignObject.from(await this.campaignService.activate(me, campaignId));
  }

  @Allow(ADMIN)
  @Mutation(() => CampaignObject, { description: '→ CLOSED: no more gifts' })
  async closeCampaign(
    @Args() { campaignId }: CampaignIdArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CampaignObject> {
    return CampaignObject.from(await this.campaignService.close(me, campaignId));
  }
}
