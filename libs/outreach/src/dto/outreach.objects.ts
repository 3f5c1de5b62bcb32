import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { EventRecordEntity } from '../event-record.entity';
import { OutreachEventEntity } from '../outreach-event.entity';
import { AttendanceAction, OutreachKind, SignUpStatus, TeamKind } from '../outreach-kind';
import { SignUpEntity } from '../sign-up.entity';
import { VolunteerCertificateEntity } from '../volunteer-certificate.entity';
import { VolunteerTeamEntity } from '../volunteer-team.entity';
import { VolunteerEntity } from '../volunteer.entity';
import { minutesToHours } from '../service-hours';

@ObjectType('OutreachEvent', { description: '下乡活动: 科技、文化、送法、送医下乡, in a village' })
export class OutreachEventObject {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => OutreachKind) kind!: OutreachKind;
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field(() => Int, { description: 'Volunteer seats' }) capacity!: number;
  @Field({ description: 'SCHEDULED, COMPLETED (its record filed) or CANCELLED' }) status!: string;
  @Field({ description: 'Where in the village' }) place!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field({ description: '主办单位: who runs it and issues the certificates' }) organiser!: string;
  @Field(() => [String]) neededSkills!: string[];
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  regionId!: string;

  static from(e: OutreachEventEntity): OutreachEventObject {
    return Object.assign(new OutreachEventObject(), {
      id: e.id,
      title: e.title,
      kind: e.kind,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      capacity: e.capacity,
      status: e.status,
      place: e.place,
      description: e.description,
      organiser: e.organiser,
      neededSkills: e.neededSkills,
      cancelReason: e.cancelReason,
      regionId: e.regionId,
    });
  }
}

@ObjectType('EventServiceLine', { description: 'One thing an event delivered: "义诊" 120 "人次"' })
export class EventServiceLineObject {
  @Field() name!: string;
  @Field(() => Int, { nullable: true }) quantity!: number | null;
  @Field(() => String, { nullable: true }) unit!: string | null;
}

@ObjectType('EventRecord', { description: '活动记录: what an event delivered, filed after it' })
export class EventRecordObject {
  @Field(() => Int, { description: 'Volunteers who checked in' }) attendance!: number;
  @Field(() => Int, { description: '服务群众人次' }) peopleServed!: number;
  @Field(() => [EventServiceLineObject]) services!: EventServiceLineObject[];
  @Field(() => [String], { description: 'Addresses of photos kept elsewhere, as older callers typed them in' })
  photoUrls!: string[];
  /** The files behind `photos` (event-record resolver), for a console that sends them back. */
  @Field(() => [ID], { description: 'The uploaded photos (event-photo files), in order; photos are their files' })
  photoIds!: string[];
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field() recordedAt!: Date;

  static from(r: EventRecordEntity, attendance: number): EventRecordObject {
    return Object.assign(new EventRecordObject(), {
      attendance,
      peopleServed: r.peopleServed,
      services: r.services.map((s) => Object.assign(new EventServiceLineObject(), s)),
      photoUrls: r.photoUrls,
      photoIds: r.photoIds,
      summary: r.summary,
      recordedAt: r.recordedAt,
    });
  }
}

@ObjectType('Volunteer', { description: '志愿者或专家. The phone number is never shown here.' })
export class VolunteerObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [String]) skills!: string[];
  @Field(() => String, { nullable: true, description: '专长' }) expertise!: string | null;
  teamId!: string | null;

  static from(v: VolunteerEntity): VolunteerObject {
    return Object.assign(new VolunteerObject(), {
      id: v.id,
      name: v.name,
      skills: v.skills,
      expertise: v.expertise,
      teamId: v.teamId,
    });
  }
}

@ObjectType('VolunteerTeam', { description: '群团组织或志愿者队伍' })
export class VolunteerTeamObject {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => TeamKind) kind!: TeamKind;
  regionId!: string;
  leaderVolunteerId!: string | null;

  static from(t: VolunteerTeamEntity): VolunteerTeamObject {
    return Object.assign(new VolunteerTeamObject(), {
      id: t.id,
      name: t.name,
      kind: t.kind,
      regionId: t.regionId,
      leaderVolunteerId: t.leaderVolunteerId,
    });
  }
}

@ObjectType('SignUp', { description: '报名: a seat, or a place on the waitlist; later the attendance' })
export class SignUpObject {
  @Field(() => ID) id!: string;
  @Field(() => SignUpStatus) status!: SignUpStatus;
  @Field({ description: 'When the volunteer took their place in the queue' }) signedUpAt!: Date;
  @Field(() => Date, { nullable: true }) checkedInAt!: Date | null;
  @Field(() => Date, { nullable: true }) checkedOutAt!: Date | null;
  eventId!: string;
  volunteerId!: string;

  static from(s: SignUpEntity): SignUpObject {
    return Object.assign(new SignUpObject(), {
      id: s.id,
      status: s.status,
      signedUpAt: s.signedUpAt,
      checkedInAt: s.checkedInAt,
      checkedOutAt: s.checkedOutAt,
      eventId: s.eventId,
      volunteerId: s.volunteerId,
    });
  }
}

@ObjectType('RosterEntry', { description: "An event's sign-up as its staff see it, with the volunteer's phone" })
export class RosterEntryObject {
  @Field(() => SignUpObject) signUp!: SignUpObject;
  @Field(() => VolunteerObject) volunteer!: VolunteerObject;
  @Field() phone!: string;
}

@ObjectType('CheckInCode', { description: 'What the staff screen shows: a QR code volunteers scan to check in or out' })
export class CheckInCodeObject {
  @Field(() => AttendanceAction) action!: AttendanceAction;
  @Field({ description: 'The signed code: checkInByCode / checkOutByCode take it' }) code!: string;
  @Field({ description: 'The page the QR code opens in WeChat' }) url!: string;
  @Field({ description: 'The QR code of url, as a data:image/png;base64 URL' }) qrPng!: string;
  @Field({ description: 'Show a fresh code before this' }) expiresAt!: Date;
}

@ObjectType('VolunteerCertificate', {
  description: '志愿服务证明: who served, at what, when, how long, issued by whom; free of charge',
})
export class VolunteerCertificateObject {
  @Field({ description: 'Printed on the certificate; verifyCertificate looks it up' }) certificateNo!: string;
  @Field({ description: 'In full for the volunteer; masked (张*) when verified by anyone else' })
  volunteerName!: string;
  @Field() eventTitle!: string;
  @Field(() => OutreachKind) kind!: OutreachKind;
  @Field() regionName!: string;
  @Field() place!: string;
  @Field() startsAt!: Date;
  @Field() endsAt!: Date;
  @Field() checkedInAt!: Date;
  @Field(() => Date, { nullable: true }) checkedOutAt!: Date | null;
  @Field(() => Int, { description: '服务时长, minutes' }) serviceMinutes!: number;
  @Field(() => Float, { description: '服务时长, hours to two decimals' }) hours!: number;
  @Field({ description: '出具单位' }) issuedBy!: string;
  @Field() issuedAt!: Date;
  @Field({ description: 'A public page that checks the certificate' }) verifyUrl!: string;

  static from(
    c: VolunteerCertificateEntity,
    verifyUrl: string,
    volunteerName = c.volunteerName,
  ): VolunteerCertificateObject {
    return Object.assign(new VolunteerCertificateObject(), {
      certificateNo: c.certificateNo,
      volunteerName,
      eventTitle: c.eventTitle,
      kind: c.eventKind as OutreachKind,
      regionName: c.regionName,
      place: c.place,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      checkedInAt: c.checkedInAt,
      checkedOutAt: c.checkedOutAt,
      serviceMinutes: c.serviceMinutes,
      hours: minutesToHours(c.serviceMinutes),
      issuedBy: c.issuedBy,
      issuedAt: c.issuedAt,
      verifyUrl,
    });
  }
}
