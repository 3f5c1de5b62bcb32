import { Args, Context, Float, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext, maskName, Public } from '@shanchou/core';
import {
  Allow,
  CHANGING_STAFF,
  CurrentDonor,
  CurrentPrincipal,
  CurrentStaff,
  DonorPrincipal,
  Principal,
  RegionScope,
  StaffPrincipal,
} from '@shanchou/identity';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { CertificateService } from './certificate.service';
import { CreateVolunteerTeamInput, RegisterVolunteerInput, TeamLeaderArgs, TeamsArgs } from './dto/outreach.inputs';
import { VolunteerObject, VolunteerTeamObject } from './dto/outreach.objects';
import { OutreachEventService } from './outreach-event.service';
import { outreachLoaders, OutreachReaders, signUpLoaders } from './outreach.loaders';
import { minutesToHours } from './service-hours';
import { SignUpService } from './sign-up.service';
import { VolunteerService } from './volunteer.service';

@Resolver(() => VolunteerObject)
export class VolunteerResolver {
  private readonly readers: OutreachReaders;

  constructor(
    private readonly volunteers: VolunteerService,
    events: OutreachEventService,
    signUps: SignUpService,
    certificates: CertificateService,
  ) {
    this.readers = { events, signUps, volunteers, certificates };
  }

  @Allow({ donor: true })
  @Mutation(() => VolunteerObject, {
    description: 'Registers you (a WeChat user) as a volunteer, or updates your profile',
  })
  async registerVolunteer(
    @Args('input') input: RegisterVolunteerInput,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<VolunteerObject> {
    return VolunteerObject.from(await this.volunteers.register(donor.donorId, input));
  }

  @Allow({ donor: true })
  @Query(() => VolunteerObject, { nullable: true, description: 'Your volunteer profile, once registered' })
  async myVolunteer(@CurrentDonor() donor: DonorPrincipal): Promise<VolunteerObject | null> {
    const volunteer = await this.volunteers.findByDonor(donor.donorId);
    return volunteer && VolunteerObject.from(volunteer);
  }

  @ResolveField(() => Float, { description: 'Total hours of service, settled sign-ups only' })
  async hours(
    @Parent() volunteer: VolunteerObject,
    @Context() ctx: GraphqlContext,
    @CurrentPrincipal() caller: Principal | null,
  ): Promise<number> {
    return minutesToHours(await signUpLoaders(ctx, this.readers, caller).minutes.load(volunteer.id));
  }

  @ResolveField(() => VolunteerTeamObject, { nullable: true })
  async team(
    @Parent() volunteer: VolunteerObject,
    @Context() ctx: GraphqlContext,
  ): Promise<VolunteerTeamObject | null> {
    if (!volunteer.teamId) return null;
    const team = await outreachLoaders(ctx, this.readers).team.load(volunteer.teamId);
    return team && VolunteerTeamObject.from(team);
  }
}

@Resolver(() => VolunteerTeamObject)
export class VolunteerTeamResolver {
  private readonly readers: OutreachReaders;

  constructor(
    private readonly volunteers: VolunteerService,
    private readonly regions: RegionService,
    events: OutreachEventService,
    signUps: SignUpService,
    certificates: CertificateService,
  ) {
    this.readers = { events, signUps, volunteers, certificates };
  }

  @Public()
  @Query(() => [VolunteerTeamObject], { description: 'Public: the teams of a region and the regions below it' })
  async volunteerTeams(@Args() { regionCode }: TeamsArgs): Promise<VolunteerTeamObject[]> {
    return (await this.volunteers.teams(regionCode)).map((t) => VolunteerTeamObject.from(t));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => VolunteerTeamObject, { description: 'A 群团组织 or 志愿者队伍 in your region' })
  async createVolunteerTeam(
    @Args('input') input: CreateVolunteerTeamInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<VolunteerTeamObject> {
    return VolunteerTeamObject.from(await this.volunteers.createTeam(RegionScope.of(me), me, input));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => VolunteerTeamObject, { description: 'The volunteer leads the team (and joins it)' })
  async setVolunteerTeamLeader(
    @Args() { teamId, volunteerId }: TeamLeaderArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<VolunteerTeamObject> {
    return VolunteerTeamObject.from(await this.volunteers.setLeader(RegionScope.of(me), me, teamId, volunteerId));
  }

  @ResolveField(() => RegionObject)
  async region(@Parent() team: VolunteerTeamObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(team.regionId);
    if (!region) throw new Error(`team ${team.id} has no region`);
    return RegionObject.from(region);
  }

  @ResolveField(() => String, { nullable: true, description: "The leader's name, masked (张*)" })
  async leaderName(@Parent() team: VolunteerTeamObject, @Context() ctx: GraphqlContext): Promise<string | null> {
    if (!team.leaderVolunteerId) return null;
    const name = await outreachLoaders(ctx, this.readers).leaderName.load(team.id);
    return name && maskName(name);
  }

  @ResolveField(() => Int)
  async memberCount(@Parent() team: VolunteerTeamObject, @Context() ctx: GraphqlContext): Promise<number> {
    return outreachLoaders(ctx, this.readers).members.load(team.id);
  }
}
