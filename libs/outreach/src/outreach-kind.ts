import { registerEnumType } from '@nestjs/graphql';

/** 科技下乡 / 文化下乡 / 送法下乡 / 送医下乡 */
export enum OutreachKind {
  SCIENCE_TECH = 'SCIENCE_TECH',
  CULTURE = 'CULTURE',
  LAW = 'LAW',
  MEDICAL = 'MEDICAL',
}

export const OUTREACH_KIND_NAME: Record<OutreachKind, string> = {
  [OutreachKind.SCIENCE_TECH]: '科技下乡',
  [OutreachKind.CULTURE]: '文化下乡',
  [OutreachKind.LAW]: '送法下乡',
  [OutreachKind.MEDICAL]: '送医下乡',
};

/** SCHEDULED → COMPLETED (its record filed after the event) or → CANCELLED. */
export enum EventStatus {
  SCHEDULED = 'SCHEDULED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

/**
 * CONFIRMED (a seat) or WAITLISTED (in order) → CHECKED_IN at the event; either may be CANCELLED
 * before it starts. Checking out keeps CHECKED_IN and sets the check-out time.
 */
export enum SignUpStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
  CHECKED_IN = 'CHECKED_IN',
}

/** Sign-ups that hold the volunteer's time (and, but for the waitlist, a seat). */
export const ACTIVE_SIGN_UP: readonly SignUpStatus[] = [
  SignUpStatus.CONFIRMED,
  SignUpStatus.WAITLISTED,
  SignUpStatus.CHECKED_IN,
];

/** 群团组织 (共青团、妇联、科协 …) or 志愿者队伍. */
export enum TeamKind {
  MASS_ORGANIZATION = 'MASS_ORGANIZATION',
  VOLUNTEER_TEAM = 'VOLUNTEER_TEAM',
}

export enum AttendanceAction {
  CHECK_IN = 'CHECK_IN',
  CHECK_OUT = 'CHECK_OUT',
}

/** Why a volunteer is told something about an event. */
export enum NoticeKind {
  REMINDER_DAY_BEFORE = 'REMINDER_DAY_BEFORE',
  REMINDER_HOUR_BEFORE = 'REMINDER_HOUR_BEFORE',
  EVENT_CHANGED = 'EVENT_CHANGED',
  EVENT_CANCELLED = 'EVENT_CANCELLED',
  PROMOTED = 'PROMOTED',
}

/** The two reminders before each event, and how long before its start they go out. */
export const REMINDERS = [
  { notice: NoticeKind.REMINDER_DAY_BEFORE, beforeMs: 24 * 3600_000 },
  { notice: NoticeKind.REMINDER_HOUR_BEFORE, beforeMs: 3600_000 },
] as const;

export type ReminderNotice = (typeof REMINDERS)[number]['notice'];

registerEnumType(OutreachKind, { name: 'OutreachKind', description: '科技下乡 文化下乡 送法下乡 送医下乡' });
registerEnumType(SignUpStatus, { name: 'SignUpStatus' });
registerEnumType(TeamKind, { name: 'VolunteerTeamKind', description: '群团组织 or 志愿者队伍' });
registerEnumType(AttendanceAction, { name: 'AttendanceAction' });
