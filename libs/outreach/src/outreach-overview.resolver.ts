import { Args, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { OutreachOverviewArgs, OutreachOverviewObject } from './dto/outreach-overview.objects';
import { OutreachOverviewService } from './outreach-overview.service';

@Resolver()
export class OutreachOverviewResolver {
  constructor(private readonly overview: OutreachOverviewService) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => OutreachOverviewObject, {
    description: '下乡活动总览 of your region: events held, volunteers who served, hours, by town',
  })
  async outreachOverview(
    @Args() { from, to }: OutreachOverviewArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OutreachOverviewObject> {
    return OutreachOverviewObject.from(await this.overview.overview(RegionScope.of(me), { from, to }));
  }
}
