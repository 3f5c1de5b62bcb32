import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext, Public } from '@shanchou/core';
import { FilesService, publicFiles, StoredFileObject } from '@shanchou/files';
import { Allow, ANY_STAFF, CHANGING_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { AttendanceService } from './attendance.service';
import { CertificateService } from './certificate.service';
import {
  CancelEventArgs,
  CheckInCodeArgs,
  CreateEventInput,
  EventIdArgs,
  EventRecordInput,
  EventsArgs,
  UpdateEventInput,
} from './dto/outreach.inputs';
import {
  CheckInCodeObject,
  EventRecordObject,
  OutreachEventObject,
  RosterEntryObject,
  SignUpObject,
  VolunteerObject,
} from './dto/outreach.objects';
import { OutreachEventService } from './outreach-event.service';
import { outreachLoaders, OutreachReaders } from './outreach.loaders';
import { SignUpService } from './sign-up.service';
import { VolunteerService } from './volunteer.service';

@Resolver(() => OutreachEventObject)
export class OutreachEventResolver {
  private readonly readers: OutreachReaders;

  constructor(
    private readonly eventService: OutreachEventService,
    private readonly attendance: AttendanceService,
    private readonly regions: RegionService,
    signUps: SignUpService,
    volunteers: VolunteerService,
    certificates: CertificateService,
  ) {
    this.readers = { events: eventService, signUps, volunteers, certificates };
  }

  @Public()
  @Query(() => [OutreachEventObject], {
    description: 'Public: events in a region and below it, by kind and time; upcoming and running ones by default',
  })
  async events(@Args() args: EventsArgs): Promise<OutreachEventObject[]> {
    return (await this.eventService.list(args)).map((e) => OutreachEventObject.from(e));
  }

  @Public()
  @Query(() => OutreachEventObject, { nullable: true })
  async event(@Args() { eventId }: EventIdArgs): Promise<OutreachEventObject | null> {
    const [found] = await this.eventService.publicByIds([eventId]);
    return found ? OutreachEventObject.from(found) : null;
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => OutreachEventObject, { description: 'Staff, inside their region; reminders are scheduled' })
  async createEvent(
    @Args('input') input: CreateEventInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OutreachEventObject> {
    return OutreachEventObject.from(await this.eventService.create(RegionScope.of(me), me, input));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => OutreachEventObject, { description: 'Volunteers signed up are told of a new time or place' })
  async updateEvent(
    @Args() { eventId }: EventIdArgs,
    @Args('input') input: UpdateEventInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OutreachEventObject> {
    return OutreachEventObject.from(await this.eventService.update(RegionScope.of(me), me, eventId, input));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => OutreachEventObject, { description: 'Volunteers signed up are told, with the reason' })
  async cancelEvent(
    @Args() { eventId, reason }: CancelEventArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OutreachEventObject> {
    return OutreachEventObject.from(await this.eventService.cancel(RegionScope.of(me), me, eventId, reason));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => OutreachEventObject, {
    description: '活动记录 after the event: people served, services delivered, photos; the event is COMPLETED',
  })
  async recordEventOutcome(
    @Args() { eventId }: EventIdArgs,
    @Args('input') input: EventRecordInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<OutreachEventObject> {
    return OutreachEventObject.from(await this.eventService.recordOutcome(RegionScope.of(me), me, eventId, input));
  }

  @Allow({ staff: CHANGING_STAFF })
  @Query(() => CheckInCodeObject, { description: 'The QR code for the staff screen at the event; it expires soon' })
  eventCheckInCode(
    @Args() { eventId, action }: CheckInCodeArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CheckInCodeObject> {
    return this.attendance.code(RegionScope.of(me), eventId, action);
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [RosterEntryObject], { description: "An event's sign-ups, with the volunteers' phone numbers" })
  async eventRoster(
    @Args() { eventId }: EventIdArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<RosterEntryObject[]> {
    return (await this.attendance.roster(RegionScope.of(me), eventId)).map(({ signUp, volunteer }) =>
      Object.assign(new RosterEntryObject(), {
        signUp: SignUpObject.from(signUp),
        volunteer: VolunteerObject.from(volunteer),
        phone: volunteer.phone,
      }),
    );
  }

  @ResolveField(() => RegionObject)
  async region(@Parent() event: OutreachEventObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(event.regionId);
    if (!region) throw new Error(`event ${event.id} has no region`);
    return RegionObject.from(region);
  }

  @ResolveField(() => Int, { description: 'Seats taken (CONFIRMED and CHECKED_IN)' })
  async confirmedCount(@Parent() event: OutreachEventObject, @Context() ctx: GraphqlContext): Promise<number> {
    return (await outreachLoaders(ctx, this.readers).counts.load(event.id)).confirmed;
  }

  @ResolveField(() => Int)
  async waitlistCount(@Parent() event: OutreachEventObject, @Context() ctx: GraphqlContext): Promise<number> {
    return (await outreachLoaders(ctx, this.readers).counts.load(event.id)).waitlisted;
  }

  @ResolveField(() => Int)
  async seatsLeft(@Parent() event: OutreachEventObject, @Context() ctx: GraphqlContext): Promise<number> {
    const { confirmed } = await outreachLoaders(ctx, this.readers).counts.load(event.id);
    return Math.max(0, event.capacity - confirmed);
  }

  @ResolveField(() => EventRecordObject, { nullable: true, description: 'Once filed after the event' })
  async record(
    @Parent() event: OutreachEventObject,
    @Context() ctx: GraphqlContext,
  ): Promise<EventRecordObject | null> {
    const loaders = outreachLoaders(ctx, this.readers);
    const record = await loaders.record.load(event.id);
    if (!record) return null;
    return EventRecordObject.from(record, (await loaders.counts.load(event.id)).checkedIn);
  }
}

/** The photos of an event's record, as its public page shows them. */
@Resolver(() => EventRecordObject)
export class EventRecordResolver {
  constructor(private readonly files: FilesService) {}

  @ResolveField(() => [StoredFileObject], {
    description: 'The uploaded photos, in order, at their public addresses (/files/<sha256>.<ext>)',
  })
  async photos(@Parent() record: EventRecordObject, @Context() ctx: GraphqlContext): Promise<StoredFileObject[]> {
    return (await publicFiles(ctx, this.files, record.photoIds)).map((f) =>
      StoredFileObject.from(f, this.files.urlOf(f)),
    );
  }
}
