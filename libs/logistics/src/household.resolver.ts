import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { Allow, ANY_STAFF, CHANGING_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { CreateHouseholdInput, HouseholdIdArgs, RegionCodeArgs, UpdateHouseholdInput } from './dto/goods.inputs';
import { ImportHouseholdsArgs } from './dto/household-import.args';
import { HouseholdObject } from './dto/household.objects';
import { readHouseholdSheet } from './household-import';
import { HouseholdEntity } from './household.entity';
import { HouseholdService } from './household.service';

/**
 * Households are registered and edited by the staff of their village, its town and the district
 * (a county's list of 建档立卡 households arrives at the district); not by auditors.
 */
const KEEPERS = { staff: CHANGING_STAFF };

@Resolver(() => HouseholdObject)
export class HouseholdResolver {
  constructor(
    private readonly householdService: HouseholdService,
    private readonly regions: RegionService,
  ) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => [HouseholdObject], {
    description: '建档立卡贫困户 of a region inside your scope and the villages below it',
  })
  async households(
    @Args() { regionCode }: RegionCodeArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<HouseholdObject[]> {
    const scope = RegionScope.of(me);
    return this.present(scope, await this.householdService.list(scope, regionCode));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => HouseholdObject, { description: 'A household inside your scope (NOT_FOUND otherwise)' })
  async household(
    @Args() { householdId }: HouseholdIdArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<HouseholdObject> {
    const scope = RegionScope.of(me);
    const [view] = this.present(scope, [await this.householdService.get(scope, householdId)]);
    return view;
  }

  @Allow(KEEPERS)
  @Mutation(() => HouseholdObject, {
    description:
      'A household in a village inside your scope (village, town and district staff); returned masked to a district, as it reads every household',
  })
  async createHousehold(
    @Args('input') input: CreateHouseholdInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<HouseholdObject> {
    const [view] = this.present(RegionScope.of(me), [await this.householdService.create(me, input)]);
    return view;
  }

  @Allow(KEEPERS)
  @Mutation(() => HouseholdObject, {
    description:
      'Changes the fields given and keeps the rest. A district, which reads the household masked, may replace headName, identityNumber and members with new values; the masked values it was shown (张*, an empty identity number, an empty members list) are refused',
  })
  async updateHousehold(
    @Args() { householdId }: HouseholdIdArgs,
    @Args('input') input: UpdateHouseholdInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<HouseholdObject> {
    const [view] = this.present(RegionScope.of(me), [await this.householdService.update(me, householdId, input)]);
    return view;
  }

  @Allow(KEEPERS)
  @Mutation(() => [HouseholdObject], {
    description:
      '住户导入: the first sheet of a .xlsx made from GET /imports/households-template.xlsx, into the villages at and below regionCode (inside your scope: a district admin any village of the district); all or nothing, a bad row refuses the file naming its row and column',
  })
  async importHouseholds(
    @Args() { regionCode, file }: ImportHouseholdsArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<HouseholdObject[]> {
    const created = await this.householdService.importRows(me, regionCode, () =>
      readHouseholdSheet(Buffer.from(file, 'base64')),
    );
    return this.present(RegionScope.of(me), created);
  }

  @ResolveField(() => RegionObject, { description: 'The village' })
  async region(@Parent() household: HouseholdObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(household.regionId);
    if (!region) throw new Error(`household ${household.code} has no region`);
    return RegionObject.from(region);
  }

  private present(scope: RegionScope, households: HouseholdEntity[]): HouseholdObject[] {
    const privileged = HouseholdService.isPrivileged(scope);
    return households.map((h) => HouseholdObject.from(h, privileged));
  }
}
