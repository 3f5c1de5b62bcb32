import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@shanchou/core';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { CampaignService } from './campaign.service';
import {
  CampaignIdArgs,
  CampaignObject,
  CampaignsArgs,
  CampaignSlugArgs,
  CreateCampaignInput,
  UpdateCampaignInput,
} from './dto/campaign.object';

const ADMIN = { staff: [Role.DISTRICT_ADMIN] };

@Resolver(() => CampaignObject)
export class CampaignResolver {
  constructor(private readonly campaignService: CampaignService) {}

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
