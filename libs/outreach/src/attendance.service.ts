import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, ForbiddenError, InputError, InvalidTransitionError, Transactions } from '@shanchou/core';
import { AuditAction, AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { toDataURL } from 'qrcode';
import { CheckInCodes } from './check-in-code';
import { OutreachEventEntity } from './outreach-event.entity';
import { OutreachEventService } from './outreach-event.service';
import { AttendanceAction, EventStatus, SignUpStatus } from './outreach-kind';
import { SignUpNotFoundError } from './outreach.errors';
import { checkOutClosesAt, serviceMinutes } from './service-hours';
import { shanghaiClock, shanghaiDateTime } from './shanghai-time';
import { CheckInMethod, SignUpEntity } from './sign-up.entity';
import { ServiceRow, SignUpRepository } from './sign-up.repository';
import { VolunteerEntity } from './volunteer.entity';
import { VolunteerService } from './volunteer.service';

/** Check-in opens this long before the start, for volunteers who come early to set up. */
export const CHECK_IN_OPENS_BEFORE_MS = 3600_000;

export interface CheckInCode {
  action: AttendanceAction;
  code: string;
  url: string;
  qrPng: string;
  expiresAt: Date;
}

/** One line of an event's roster: the sign-up and who made it. */
export interface RosterLine {
  signUp: SignUpEntity;
  volunteer: VolunteerEntity;
}

/** Who checks the volunteer in or out: the volunteer by scanning, or a staff member by hand. */
type Recorder = { method: 'QR_CODE' } | { method: 'STAFF'; actor: StaffPrincipal };

/**
 * 签到与签退: by scanning the QR code the staff screen shows (a signed, expiring code), or by
 * staff at the event. Hours follow from the two times (service-hours.ts).
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly events: OutreachEventService,
    private readonly signUps: SignUpRepository,
    private readonly volunteers: VolunteerService,
    @Inject(CheckInCodes) private readonly codes: CheckInCodes,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** Checked-in sign-ups at events inside the scope with their minutes (service-hours.ts), a batch at a time. */
  async *serviceInBatches(
    scope: RegionScope,
    filter: { from?: Date; to?: Date },
    batch = 1000,
  ): AsyncGenerator<(ServiceRow & { minutes: number })[]> {
    const now = new Date();
    let after: { startsAt: Date; id: string } | null = null;
    for (;;) {
      const rows = await this.signUps.servicePage(scope, filter, after, batch);
      if (rows.length === 0) return;
      yield rows.map((r) => ({ ...r, minutes: serviceMinutes(r, r, now) }));
      const last = rows[rows.length - 1];
      after = { startsAt: last.startsAt, id: last.signUpId };
    }
  }

  /** The code for the staff screen: a QR that opens the check-in (or check-out) page in WeChat. */
  async code(scope: RegionScope, eventId: string, action: AttendanceAction, now = new Date()): Promise<CheckInCode> {
    if (!scope.mayChange) throw new ForbiddenError('审计员只能查看活动，不能签到签退');
    const event = await this.events.requireInScope(scope, eventId);
    if (event.status === EventStatus.CANCELLED) {
      throw new InvalidTransitionError(`活动「${event.title}」已取消，不能签到`);
    }
    const { code, expiresAt } = this.codes.issue(event.id, action, now);
    const url = `${this.config.publicBaseUrl}/h5/outreach/scan?code=${encodeURIComponent(code)}`;
    const qrPng = await toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 360 });
    return { action, code, url, qrPng, expiresAt };
  }

  /** Everyone who signed up for an event, in sign-up order, with their profiles (phone included). */
  async roster(scope: RegionScope, eventId: string): Promise<RosterLine[]> {
    const event = await this.events.requireInScope(scope, eventId);
    return (await this.signUps.roster(scope, event.id)).map((row) => ({ signUp: row, volunteer: row.volunteer }));
  }

  /** The volunteer scanned the screen: the code, signed for one event, is what lets them in. */
  async byCode(donorId: string, code: string, expected: AttendanceAction, now = new Date()): Promise<SignUpEntity> {
    const claims = this.codes.read(code, now);
    if (claims.action !== expected) {
      throw new InputError(
        'code',
        expected === AttendanceAction.CHECK_IN ? '这是签退码：签到请扫签到码' : '这是签到码：签退请扫签退码',
      );
    }
    const volunteer = await this.volunteers.requireByDonor(donorId);
    const event = await this.events.require(claims.eventId, 'code');
    return expected === AttendanceAction.CHECK_IN
      ? this.checkIn(event, volunteer.id, { method: 'QR_CODE' }, now)
      : this.checkOut(event, volunteer.id, { method: 'QR_CODE' }, now);
  }

  /** Staff at the event check a volunteer in or out by hand. */
  async byStaff(
    scope: RegionScope,
    actor: StaffPrincipal,
    eventId: string,
    volunteerId: string,
    action: AttendanceAction,
    now = new Date(),
  ): Promise<SignUpEntity> {
    if (!scope.mayChange) throw new ForbiddenError('审计员只能查看活动，不能签到签退');
    const event = await this.events.requireInScope(scope, eventId);
    await this.volunteers.require(volunteerId);
    const by: Recorder = { method: 'STAFF', actor };
    return action === AttendanceAction.CHECK_IN
      ? this.checkIn(event, volunteerId, by, now)
      : this.checkOut(event, volunteerId, by, now);
  }

  private checkIn(event: OutreachEventEntity, volunteerId: string, by: Recorder, now: Date): Promise<SignUpEntity> {
    return this.transactions.run(async (tx) => {
      const signUp = await this.signUps.lock(tx, event.id, volunteerId);
      if (!signUp) throw new SignUpNotFoundError(event.id);
      // A second scan answers the check-in already made.
      if (signUp.status === SignUpStatus.CHECKED_IN) return signUp;
      if (event.status === EventStatus.CANCELLED) {
        throw new InvalidTransitionError(`活动「${event.title}」已取消`);
      }
      const opens = event.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_MS;
      if (now.getTime() < opens) {
        throw new InvalidTransitionError(`活动开始前一小时才能签到，即 ${shanghaiDateTime(new Date(opens))} 起`);
      }
      if (now.getTime() >= event.endsAt.getTime()) {
        throw new InvalidTransitionError(`活动「${event.title}」已于 ${shanghaiClock(event.endsAt)} 结束，签到已关闭`);
      }
      if (signUp.status !== SignUpStatus.CONFIRMED) {
        throw new InvalidTransitionError(
          signUp.status === SignUpStatus.WAITLISTED ? '你还在候补名单上：有名额的志愿者才能签到' : '这次报名已取消',
        );
      }
      const method: CheckInMethod = by.method;
      const updated = await this.signUps.update(tx, signUp.id, {
        status: SignUpStatus.CHECKED_IN,
        checkedInAt: now,
        checkInMethod: method,
        checkedInByStaffId: by.method === 'STAFF' ? by.actor.staffId : null,
      });
      if (by.method === 'STAFF') await this.record(tx, by.actor, 'outreach_event.check_in', event, volunteerId);
      return updated;
    });
  }

  private checkOut(event: OutreachEventEntity, volunteerId: string, by: Recorder, now: Date): Promise<SignUpEntity> {
    return this.transactions.run(async (tx) => {
      const signUp = await this.signUps.lock(tx, event.id, volunteerId);
      if (!signUp) throw new SignUpNotFoundError(event.id);
      if (signUp.status !== SignUpStatus.CHECKED_IN || !signUp.checkedInAt) {
        throw new InvalidTransitionError('请先签到：签到过的志愿者才能签退');
      }
      // A second scan answers the check-out already made: the hours do not change.
      if (signUp.checkedOutAt) return signUp;
      const closes = checkOutClosesAt(event);
      if (now.getTime() >= closes.getTime()) {
        throw new InvalidTransitionError(`签退已于 ${shanghaiDateTime(closes)} 关闭：服务时长按活动结束时间计算`);
      }
      const updated = await this.signUps.update(tx, signUp.id, {
        checkedOutAt: new Date(Math.max(now.getTime(), signUp.checkedInAt.getTime())),
      });
      if (by.method === 'STAFF') await this.record(tx, by.actor, 'outreach_event.check_out', event, volunteerId);
      return updated;
    });
  }

  private record(
    tx: Parameters<AuditService['record']>[0],
    actor: StaffPrincipal,
    action: AuditAction,
    event: OutreachEventEntity,
    volunteerId: string,
  ): Promise<void> {
    return this.audit.record(tx, actor, {
      action,
      targetType: 'outreach_event',
      targetId: event.id,
      regionId: event.regionId,
      input: { eventId: event.id, volunteerId },
    });
  }
}
