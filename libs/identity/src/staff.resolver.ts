import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { Allow, ANY_STAFF, CurrentStaff } from './access';
import {
  BindWechatArgs,
  CreateStaffInput,
  ResetPasswordArgs,
  StaffIdArgs,
  StaffListArgs,
  UpdateStaffInput,
} from './dto/staff.inputs';
import { StaffObject } from './dto/staff.object';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';
import { Role } from './role';
import { StaffService } from './staff.service';

/** Roles that may manage staff at all; the service decides which staff. */
const MANAGERS = [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR];

@Resolver(() => StaffObject)
export class StaffResolver {
  constructor(
    private readonly staff: StaffService,
    private readonly regions: RegionService,
  ) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => StaffObject, { description: 'A staff member inside your region' })
  async staffMember(@Args() { staffId }: StaffIdArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.get(RegionScope.of(me), staffId));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [StaffObject], { description: 'Staff of a region inside yours and of the regions below it' })
  async staffList(@Args() { regionCode }: StaffListArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject[]> {
    return (await this.staff.list(RegionScope.of(me), regionCode)).map((s) => StaffObject.from(s));
  }

  @Allow({ staff: MANAGERS })
  @Mutation(() => StaffObject)
  async createStaff(@Args('input') input: CreateStaffInput, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.create(me, input));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => StaffObject, {
    description:
      "Changes a member's name, role or region (not your own role or region); a change of role or region ends their sessions",
  })
  async updateStaff(
    @Args() { staffId }: StaffIdArgs,
    @Args('input') input: UpdateStaffInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<StaffObject> {
    return StaffObject.from(await this.staff.update(me, staffId, input));
  }

  @Allow({ staff: ANY_STAFF })
  @Mutation(() => StaffObject, { description: 'Binds your WeChat (OAuth code) so that notices for staff reach you' })
  async bindMyWechat(@Args() { code }: BindWechatArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.bindWechat(me, code));
  }

  @Allow({ staff: ANY_STAFF })
  @Mutation(() => StaffObject, { description: 'Forgets the WeChat account bound to yours' })
  async unbindMyWechat(@CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.unbindWechat(me));
  }

  @Allow({ staff: MANAGERS })
  @Mutation(() => StaffObject, { description: 'The member can no longer sign in; their sessions end at once' })
  async disableStaff(@Args() { staffId }: StaffIdArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.setEnabled(me, staffId, false));
  }

  @Allow({ staff: MANAGERS })
  @Mutation(() => StaffObject)
  async enableStaff(@Args() { staffId }: StaffIdArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.setEnabled(me, staffId, true));
  }

  @Allow({ staff: MANAGERS })
  @Mutation(() => StaffObject, { description: "Sets a new password; the member's sessions end" })
  async resetStaffPassword(@Args() args: ResetPasswordArgs, @CurrentStaff() me: StaffPrincipal): Promise<StaffObject> {
    return StaffObject.from(await this.staff.resetPassword(me, args.staffId, args.newPassword));
  }

  @ResolveField(() => RegionObject)
  async region(@Parent() member: StaffObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(member.regionId);
    if (!region) throw new Error(`staff ${member.id} has no region`);
    return RegionObject.from(region);
  }
}
