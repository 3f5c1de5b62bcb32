import { ConflictError, ForbiddenError, NotFoundError } from '@shanchou/core';

export class NotAVolunteerError extends ForbiddenError {
  constructor() {
    super('Register as a volunteer first (registerVolunteer): sign-ups and certificates are for volunteers');
  }
}

export class EventNotFoundError extends NotFoundError {
  constructor(id: string, field = 'eventId') {
    super('Outreach event', id, field);
  }
}

export class VolunteerNotFoundError extends NotFoundError {
  constructor(id: string, field = 'volunteerId') {
    super('Volunteer', id, field);
  }
}

export class TeamNotFoundError extends NotFoundError {
  constructor(id: string, field = 'teamId') {
    super('Volunteer team', id, field);
  }
}

export class SignUpNotFoundError extends NotFoundError {
  constructor(eventId: string, field = 'eventId') {
    super('Sign-up for event', eventId, field);
  }
}

/** A volunteer holds one event at a time: a second one that overlaps it is refused. */
export class OverlappingSignUpError extends ConflictError {
  constructor(other: { title: string }) {
    super(`This event overlaps "${other.title}", which you signed up for: cancel that one first`, 'eventId');
  }
}
