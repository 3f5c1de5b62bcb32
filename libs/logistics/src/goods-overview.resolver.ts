import { Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { GoodsOverviewObject } from './dto/goods-overview.objects';
import { GoodsOverviewService } from './goods-overview.service';

@Resolver()
export class GoodsOverviewResolver {
  constructor(private readonly overview: GoodsOverviewService) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => GoodsOverviewObject, {
    description: '物资总览 of your region: goods received at the centres and delivered to households, by town',
  })
  async goodsOverview(@CurrentStaff() me: StaffPrincipal): Promise<GoodsOverviewObject> {
    return GoodsOverviewObject.from(await this.overview.overview(RegionScope.of(me)));
  }
}
