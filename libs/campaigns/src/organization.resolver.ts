import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import {
  CreateOrganizationInput,
  ImportRosterArgs,
  OrganizationIdArgs,
  OrganizationObject,
  OrganizationRosterArgs,
  OrganizationsArgs,
  OrganizationStandingObject,
  RankingArgs,
  RosterImportObject,
  RosterMemberObject,
  UpdateOrganizationInput,
} from './dto/organization.objects';
import { OrganizationService } from './organization.service';

const ORGANISERS = { staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] };

@Resolver(() => OrganizationObject)
export class OrganizationResolver {
  constructor(private readonly service: OrganizationService) {}

  @Public()
  @Query(() => [OrganizationObject], { description: '单位 and 党支部 a donor may give on behalf of' })
  async organizations(@Args() filter: OrganizationsArgs): Promise<OrganizationObject[]> {
    return (await this.service.list(filter)).map((o) => OrganizationObject.from(o));
  }

  @Public()
  @Query(() => [OrganizationStandingObject], {
    description: 'Participation ranking of organisations in a campaign (no personal data)',
  })
  async organizationRanking(@Args() { campaignId, ...filter }: RankingArgs): Promise<OrganizationStandingObject[]> {
    return (await this.service.ranking(campaignId, filter)).map((l) => OrganizationStandingObject.from(l));
  }

  @Allow(ORGANISERS)
  @Mutation(() => OrganizationObject, { description: 'A work unit or party branch, inside your region' })
  async createOrganization(
    @Args('input') input: CreateOrganizationInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OrganizationObject> {
    return OrganizationObject.from(await this.service.create(me, RegionScope.of(me), input));
  }

  @Allow(ORGANISERS)
  @Mutation(() => OrganizationObject, {
    description: 'Renames an organisation, changes its kind or region (inside yours)',
  })
  async updateOrganization(
    @Args() { organizationId }: OrganizationIdArgs,
    @Args('input') input: UpdateOrganizationInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OrganizationObject> {
    return OrganizationObject.from(await this.service.update(me, RegionScope.of(me), organizationId, input));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [RosterMemberObject], {
    description: "花名册: an organisation's roster for a campaign, in file order; staff whose region covers it only",
  })
  async organizationRoster(
    @Args() args: OrganizationRosterArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<RosterMemberObject[]> {
    return (await this.service.roster(RegionScope.of(me), args)).map((m) => RosterMemberObject.from(m));
  }

  @Allow(ORGANISERS)
  @Mutation(() => RosterImportObject, { description: "Replaces an organisation's roster (花名册) for a campaign" })
  async importRoster(@Args() args: ImportRosterArgs, @CurrentStaff() me: StaffPrincipal): Promise<RosterImportObject> {
    return RosterImportObject.from(await this.service.importRoster(me, RegionScope.of(me), args));
  }
}
