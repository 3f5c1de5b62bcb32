import { Injectable } from '@nestjs/common';
import { InvalidTransitionError, Transactions } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { EventRepository } from './event.repository';
import { OutreachEventEntity } from './outreach-event.entity';
import { EventNotFoundError, NotAVolunteerError, OverlappingSignUpError, SignUpNotFoundError } from './outreach.errors';
import { OutreachNotices } from './outreach-notices.service';
import { ACTIVE_SIGN_UP, EventStatus, NoticeKind, SignUpStatus } from './outreach-kind';
import { SignUpReader } from './sign-up-reader';
import { SignUpEntity } from './sign-up.entity';
import { SignUpRepository } from './sign-up.repository';
import { VolunteerRepository } from './volunteer.repository';

/**
 * 报名: seats are given in the order sign-ups take the event's row lock, CONFIRMED while any are
 * left and WAITLISTED after; a cancelled seat goes to the first on the waitlist in the same
 * transaction. Never oversold: seats are counted and given only under that lock.
 */
@Injectable()
export class SignUpService {
  constructor(
    private readonly events: EventRepository,
    private readonly signUps: SignUpRepository,
    private readonly volunteers: VolunteerRepository,
    private readonly notices: OutreachNotices,
    private readonly transactions: Transactions,
  ) {}

  async signUp(donorId: string, eventId: string, now = new Date()): Promise<SignUpEntity> {
    const volunteer = await this.volunteers.findByDonor(donorId);
    if (!volunteer) throw new NotAVolunteerError();
    return this.transactions.run(async (tx) => {
      // The volunteer first, then the event (the one lock order): their sign-ups go one at a
      // time, so two overlapping ones made at once cannot both pass the overlap check.
      await this.volunteers.lock(tx, volunteer.id);
      const event = await this.events.lockForSeats(tx, eventId);
      if (!event) throw new EventNotFoundError(eventId);
      const existing = await this.signUps.find(event.id, volunteer.id, tx);
      // Signing up twice (a double tap, a retry) answers the place already held.
      if (existing && ACTIVE_SIGN_UP.includes(existing.status)) return existing;
      this.assertOpen(event, now);
      const [clash] = await this.signUps.overlapping(tx, volunteer.id, event.id, event.startsAt, event.endsAt);
      if (clash) throw new OverlappingSignUpError(clash);
      const { confirmed } = await this.countsIn(tx, event.id);
      const status = confirmed < event.capacity ? SignUpStatus.CONFIRMED : SignUpStatus.WAITLISTED;
      return this.signUps.place(tx, event.id, volunteer.id, status);
    });
  }

  /** Gives up the seat (or the place on the waitlist) before the event starts. */
  async cancel(donorId: string, eventId: string, now = new Date()): Promise<SignUpEntity> {
    const volunteer = await this.volunteers.findByDonor(donorId);
    if (!volunteer) throw new NotAVolunteerError();
    return this.transactions.run(async (tx) => {
      const event = await this.events.lockForSeats(tx, eventId);
      if (!event) throw new EventNotFoundError(eventId);
      const signUp = await this.signUps.find(event.id, volunteer.id, tx);
      if (!signUp) throw new SignUpNotFoundError(eventId);
      if (signUp.status === SignUpStatus.CANCELLED) return signUp;
      if (signUp.status === SignUpStatus.CHECKED_IN) {
        throw new InvalidTransitionError('你已在这次活动签到，不能再取消报名');
      }
      if (event.status !== EventStatus.CANCELLED && now.getTime() >= event.startsAt.getTime()) {
        throw new InvalidTransitionError(`活动「${event.title}」已经开始：请直接告诉现场工作人员`);
      }
      const cancelled = await this.signUps.update(tx, signUp.id, {
        status: SignUpStatus.CANCELLED,
        cancelledAt: now,
      });
      if (signUp.status === SignUpStatus.CONFIRMED && event.status === EventStatus.SCHEDULED) {
        await this.fillFreedSeats(tx, event);
      }
      return cancelled;
    });
  }

  /**
   * Under the event's lock (the caller holds it): the first on the waitlist take the free seats,
   * in the order they signed up, and are told.
   */
  async fillFreedSeats(tx: EntityManager, event: OutreachEventEntity): Promise<SignUpEntity[]> {
    const { confirmed } = await this.countsIn(tx, event.id);
    const free = event.capacity - confirmed;
    if (free <= 0) return [];
    const promoted: SignUpEntity[] = [];
    for (const next of await this.signUps.firstWaitlisted(tx, event.id, free)) {
      promoted.push(await this.signUps.update(tx, next.id, { status: SignUpStatus.CONFIRMED }));
    }
    for (const p of promoted) {
      await this.notices.tell(tx, [p], NoticeKind.PROMOTED, String(p.signedUpAt.getTime()));
    }
    return promoted;
  }

  /** unscoped: the caller's own sign-ups, newest first; none before they register as a volunteer. */
  async mine(donorId: string): Promise<SignUpEntity[]> {
    const volunteer = await this.volunteers.findByDonor(donorId);
    return volunteer ? this.signUps.ofVolunteer(volunteer.id) : [];
  }

  /** unscoped: an event's sign-ups, for callers outside a request (no caller, no scope). */
  ofEvent(eventId: string): Promise<SignUpEntity[]> {
    return this.signUps.ofEvent(eventId);
  }

  waitlistPositions(reader: SignUpReader, ids: readonly string[]): Promise<Map<string, number>> {
    return this.signUps.waitlistPositions(reader, ids);
  }

  private async countsIn(tx: EntityManager, eventId: string) {
    return (await this.signUps.counts([eventId], tx)).get(eventId) ?? { confirmed: 0, waitlisted: 0, checkedIn: 0 };
  }

  private assertOpen(event: OutreachEventEntity, now: Date): void {
    if (event.status === EventStatus.CANCELLED) {
      throw new InvalidTransitionError(`活动「${event.title}」已取消，不再接受报名`);
    }
    if (event.status !== EventStatus.SCHEDULED || now.getTime() >= event.startsAt.getTime()) {
      throw new InvalidTransitionError(`活动「${event.title}」已经开始，报名已截止`);
    }
  }
}
