import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { FundraisingOverviewArgs, FundraisingOverviewObject } from './dto/fundraising-overview.objects';
import { FundraisingOverviewService } from './fundraising-overview.service';

@Resolver()
export class FundraisingOverviewResolver {
  constructor(private readonly overview: FundraisingOverviewService) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => FundraisingOverviewObject, {
    description: '筹款总览 of your region: by campaign, and by town (the organisations gifts were given on behalf of)',
  })
  async fundraisingOverview(
    @Args() { campaignId }: FundraisingOverviewArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<FundraisingOverviewObject> {
    return FundraisingOverviewObject.from(await this.overview.overview(RegionScope.of(me), campaignId));
  }
}
