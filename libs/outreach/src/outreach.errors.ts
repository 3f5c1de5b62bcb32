import { ConflictError, ForbiddenError, NotFoundError } from '@shanchou/core';

export class NotAVolunteerError extends ForbiddenError {
  constructor() {
    super('请先注册成为志愿者：报名和服务证明只对志愿者开放');
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
    super(`这次活动与你已报名的「${other.title}」时间重叠：请先取消那一个`, 'eventId');
  }
}
