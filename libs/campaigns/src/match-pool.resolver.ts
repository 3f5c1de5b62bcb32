import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@shanchou/core';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { CampaignIdArgs } from './dto/campaign.object';
import { CreateMatchPoolInput, MatchPoolIdArgs, MatchPoolObject } from './dto/match-pool.objects';
import { MatchingService } from './matching.service';

const ADMIN = { staff: [Role.DISTRICT_ADMIN] };

@Resolver(() => MatchPoolObject)
export class MatchPoolResolver {
  constructor(private readonly matching: MatchingService) {}

  @Public()
  @Query(() => [MatchPoolObject], { description: "A campaign's matching pools (配捐), in pledge order" })
  async matchPools(@Args() { campaignId }: CampaignIdArgs): Promise<MatchPoolObject[]> {
    return (await this.matching.ofCampaign(campaignId)).map((p) => MatchPoolObject.from(p));
  }

  @Allow(ADMIN)
  @Mutation(() => MatchPoolObject, { description: "A sponsor's pledge to match gifts 1:1" })
  async createMatchPool(
    @Args('input') input: CreateMatchPoolInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<MatchPoolObject> {
    return MatchPoolObject.from(await this.matching.create(me, input));
  }

  @Allow(ADMIN)
  @Mutation(() => MatchPoolObject, { description: 'Stops matching new gifts; matches made stand' })
  async closeMatchPool(
    @Args() { poolId }: MatchPoolIdArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<MatchPoolObject> {
    return MatchPoolObject.from(await this.matching.close(me, poolId));
  }
}
