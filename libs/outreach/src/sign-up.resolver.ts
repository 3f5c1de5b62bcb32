import { Args, Context, Float, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
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
import { AttendanceService } from './attendance.service';
import { CertificateService } from './certificate.service';
import { AttendanceArgs, CodeArgs, EventIdArgs } from './dto/outreach.inputs';
import { OutreachEventObject, SignUpObject } from './dto/outreach.objects';
import { OutreachEventService } from './outreach-event.service';
import { AttendanceAction, SignUpStatus } from './outreach-kind';
import { outreachLoaders, OutreachReaders, signUpLoaders } from './outreach.loaders';
import { minutesToHours, serviceMinutes } from './service-hours';
import { SignUpService } from './sign-up.service';
import { VolunteerService } from './volunteer.service';

@Resolver(() => SignUpObject)
export class SignUpResolver {
  private readonly readers: OutreachReaders;

  constructor(
    private readonly signUps: SignUpService,
    private readonly attendance: AttendanceService,
    events: OutreachEventService,
    volunteers: VolunteerService,
    certificates: CertificateService,
  ) {
    this.readers = { events, signUps, volunteers, certificates };
  }

  @Allow({ donor: true })
  @Mutation(() => SignUpObject, {
    description: 'CONFIRMED while seats remain, then WAITLISTED; CONFLICT if it overlaps another of yours',
  })
  async signUp(@Args() { eventId }: EventIdArgs, @CurrentDonor() donor: DonorPrincipal): Promise<SignUpObject> {
    return SignUpObject.from(await this.signUps.signUp(donor.donorId, eventId));
  }

  @Allow({ donor: true })
  @Mutation(() => SignUpObject, { description: 'Frees the seat; the first on the waitlist is confirmed' })
  async cancelSignUp(@Args() { eventId }: EventIdArgs, @CurrentDonor() donor: DonorPrincipal): Promise<SignUpObject> {
    return SignUpObject.from(await this.signUps.cancel(donor.donorId, eventId));
  }

  @Allow({ donor: true })
  @Query(() => [SignUpObject], { description: 'Your sign-ups, newest first' })
  async mySignUps(@CurrentDonor() donor: DonorPrincipal): Promise<SignUpObject[]> {
    return (await this.signUps.mine(donor.donorId)).map((s) => SignUpObject.from(s));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => SignUpObject, { description: 'Staff at the event check a volunteer in (or they scan the QR code)' })
  async checkIn(
    @Args() { eventId, volunteerId }: AttendanceArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<SignUpObject> {
    return SignUpObject.from(
      await this.attendance.byStaff(RegionScope.of(me), me, eventId, volunteerId, AttendanceAction.CHECK_IN),
    );
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => SignUpObject, { description: 'Staff check a volunteer out; the hours run from check-in to now' })
  async checkOut(
    @Args() { eventId, volunteerId }: AttendanceArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<SignUpObject> {
    return SignUpObject.from(
      await this.attendance.byStaff(RegionScope.of(me), me, eventId, volunteerId, AttendanceAction.CHECK_OUT),
    );
  }

  @Allow({ donor: true })
  @Mutation(() => SignUpObject, { description: 'The volunteer scanned the check-in QR code at the event' })
  async checkInByCode(@Args() { code }: CodeArgs, @CurrentDonor() donor: DonorPrincipal): Promise<SignUpObject> {
    return SignUpObject.from(await this.attendance.byCode(donor.donorId, code, AttendanceAction.CHECK_IN));
  }

  @Allow({ donor: true })
  @Mutation(() => SignUpObject, { description: 'The volunteer scanned the check-out QR code' })
  async checkOutByCode(@Args() { code }: CodeArgs, @CurrentDonor() donor: DonorPrincipal): Promise<SignUpObject> {
    return SignUpObject.from(await this.attendance.byCode(donor.donorId, code, AttendanceAction.CHECK_OUT));
  }

  @ResolveField(() => OutreachEventObject)
  async event(@Parent() signUp: SignUpObject, @Context() ctx: GraphqlContext): Promise<OutreachEventObject> {
    const event = await outreachLoaders(ctx, this.readers).event.load(signUp.eventId);
    if (!event) throw new Error(`sign-up ${signUp.id} has no event`);
    return OutreachEventObject.from(event);
  }

  @ResolveField(() => Float, {
    description: 'Hours of service: check-in to check-out, at most the event length; 0 until settled',
  })
  async hours(@Parent() signUp: SignUpObject, @Context() ctx: GraphqlContext): Promise<number> {
    if (!signUp.checkedInAt) return 0;
    const event = await outreachLoaders(ctx, this.readers).event.load(signUp.eventId);
    return event ? minutesToHours(serviceMinutes(signUp, event, new Date())) : 0;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Place on the waitlist, 1 = next to get a seat' })
  async waitlistPosition(
    @Parent() signUp: SignUpObject,
    @Context() ctx: GraphqlContext,
    @CurrentPrincipal() caller: Principal | null,
  ): Promise<number | null> {
    if (signUp.status !== SignUpStatus.WAITLISTED) return null;
    return signUpLoaders(ctx, this.readers, caller).waitlistPosition.load(signUp.id);
  }

  @ResolveField(() => String, { nullable: true, description: 'The 志愿服务证明 issued for this sign-up' })
  async certificateNo(
    @Parent() signUp: SignUpObject,
    @Context() ctx: GraphqlContext,
    @CurrentPrincipal() caller: Principal | null,
  ): Promise<string | null> {
    if (signUp.status !== SignUpStatus.CHECKED_IN) return null;
    const [certificate] = await signUpLoaders(ctx, this.readers, caller).certificate.load(signUp.id);
    return certificate?.certificateNo ?? null;
  }
}
