import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { EntityManager, In, Repository } from 'typeorm';
import { ACTIVE_SIGN_UP, EventStatus, OutreachKind, SignUpStatus } from './outreach-kind';
import { readableBy, readableByRaw, SignUpReader } from './sign-up-reader';
import { SignUpEntity } from './sign-up.entity';
import { VolunteerEntity } from './volunteer.entity';

export interface SeatCounts {
  /** CONFIRMED and CHECKED_IN: the seats taken. */
  confirmed: number;
  waitlisted: number;
  /** Of the confirmed, those who checked in: the event's attendance. */
  checkedIn: number;
}

/** A checked-in sign-up with the times of its event: what hours are computed from. */
export interface AttendanceRow {
  volunteerId: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
  startsAt: Date;
  endsAt: Date;
}

/** A checked-in sign-up for the volunteer-hours export: no phone (least collection). */
export interface ServiceRow extends AttendanceRow {
  signUpId: string;
  volunteerName: string;
  team: string | null;
  eventTitle: string;
  kind: OutreachKind;
  regionId: string;
}

/** A sign-up on an event's roster, with the volunteer who made it. */
export type RosterRow = SignUpEntity & { volunteer: VolunteerEntity };

/**
 * The SQL of sign-ups, which belong to their event's region. Seats are counted and given only
 * under the event's lock (EventRepository). Reads by event id serve an event the caller already
 * holds: found in their scope, locked for a seat, or named by a job.
 */
@Injectable()
export class SignUpRepository {
  constructor(@InjectRepository(SignUpEntity) private readonly signUps: Repository<SignUpEntity>) {}

  /** unscoped: the volunteer's own sign-up. */
  find(eventId: string, volunteerId: string, tx?: EntityManager): Promise<SignUpEntity | null> {
    return tx ? tx.findOneBy(SignUpEntity, { eventId, volunteerId }) : this.signUps.findOneBy({ eventId, volunteerId });
  }

  /** unscoped: a notice job, which has no caller. */
  findById(id: string): Promise<SignUpEntity | null> {
    return this.signUps.findOneBy({ id });
  }

  /** Locks one sign-up row for a check-in or check-out. */
  lock(tx: EntityManager, eventId: string, volunteerId: string): Promise<SignUpEntity | null> {
    return tx.findOne(SignUpEntity, { where: { eventId, volunteerId }, lock: { mode: 'pessimistic_write' } });
  }

  /** unscoped: public, every event shows its seats taken and waited for. */
  async counts(eventIds: readonly string[], tx?: EntityManager): Promise<Map<string, SeatCounts>> {
    const result = new Map<string, SeatCounts>(
      eventIds.map((id) => [id, { confirmed: 0, waitlisted: 0, checkedIn: 0 }]),
    );
    if (eventIds.length === 0) return result;
    // count(*) is a string on pg and a number on PGlite.
    const rows: { event_id: string; status: SignUpStatus; n: string | number }[] = await (
      tx ?? this.signUps.manager
    ).query(
      `SELECT event_id, status, count(*) AS n FROM event_sign_up
        WHERE event_id = ANY($1::uuid[]) AND status <> 'CANCELLED' GROUP BY event_id, status`,
      [eventIds],
    );
    for (const row of rows) {
      const counts = result.get(row.event_id);
      if (!counts) continue;
      const n = Number(row.n);
      if (row.status === SignUpStatus.WAITLISTED) counts.waitlisted += n;
      else counts.confirmed += n;
      if (row.status === SignUpStatus.CHECKED_IN) counts.checkedIn += n;
    }
    return result;
  }

  /**
   * A new sign-up, or a cancelled one taken up again. Its place in the queue is the database clock
   * at the insert, under the event's lock: sign-ups that waited on the lock line up as they got it.
   */
  async place(tx: EntityManager, eventId: string, volunteerId: string, status: SignUpStatus): Promise<SignUpEntity> {
    await tx.query(
      `INSERT INTO event_sign_up (event_id, volunteer_id, status, signed_up_at)
       VALUES ($1, $2, $3, clock_timestamp())
       ON CONFLICT (event_id, volunteer_id) DO UPDATE
         SET status = EXCLUDED.status, signed_up_at = EXCLUDED.signed_up_at, cancelled_at = NULL, updated_at = now()`,
      [eventId, volunteerId, status],
    );
    return tx.findOneByOrFail(SignUpEntity, { eventId, volunteerId });
  }

  async update(
    tx: EntityManager,
    id: string,
    changes: Partial<
      Pick<
        SignUpEntity,
        'status' | 'cancelledAt' | 'checkedInAt' | 'checkedOutAt' | 'checkInMethod' | 'checkedInByStaffId'
      >
    >,
  ): Promise<SignUpEntity> {
    await tx.update(SignUpEntity, { id }, changes);
    return tx.findOneByOrFail(SignUpEntity, { id });
  }

  /** The first `n` on the event's waitlist, in the order they signed up. */
  firstWaitlisted(tx: EntityManager, eventId: string, n: number): Promise<SignUpEntity[]> {
    return tx.find(SignUpEntity, {
      where: { eventId, status: SignUpStatus.WAITLISTED },
      order: { signedUpAt: 'ASC', id: 'ASC' },
      take: n,
    });
  }

  /** The event's sign-ups in these states, in sign-up order. */
  withStatus(eventId: string, statuses: readonly SignUpStatus[], tx?: EntityManager): Promise<SignUpEntity[]> {
    const options = { where: { eventId, status: In([...statuses]) }, order: { signedUpAt: 'ASC' as const } };
    return tx ? tx.find(SignUpEntity, options) : this.signUps.find(options);
  }

  /** unscoped: the volunteer's own other active sign-ups whose (not cancelled) events overlap [startsAt, endsAt). */
  async overlapping(
    tx: EntityManager,
    volunteerId: string,
    eventId: string,
    startsAt: Date,
    endsAt: Date,
  ): Promise<{ eventId: string; title: string; startsAt: Date; endsAt: Date }[]> {
    const rows: { event_id: string; title: string; starts_at: Date; ends_at: Date }[] = await tx.query(
      `SELECT e.id AS event_id, e.title, e.starts_at, e.ends_at
         FROM event_sign_up s JOIN outreach_event e ON e.id = s.event_id
        WHERE s.volunteer_id = $1 AND s.event_id <> $2 AND s.status = ANY($3::sign_up_status[])
          AND e.status <> $4 AND e.starts_at < $6::timestamptz AND e.ends_at > $5::timestamptz
        ORDER BY e.starts_at`,
      [volunteerId, eventId, ACTIVE_SIGN_UP, EventStatus.CANCELLED, startsAt.toISOString(), endsAt.toISOString()],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      title: r.title,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
  }

  /** Position (1-based) of each waitlisted sign-up the reader may see on its event's list. */
  async waitlistPositions(reader: SignUpReader, signUpIds: readonly string[]): Promise<Map<string, number>> {
    if (signUpIds.length === 0) return new Map();
    const params: unknown[] = [signUpIds];
    const readable = readableByRaw(reader, { eventId: 'a.event_id', volunteerId: 'a.volunteer_id' }, params);
    const rows: { id: string; position: string | number }[] = await this.signUps.query(
      `WITH asked AS (SELECT a.id, a.event_id FROM event_sign_up a WHERE a.id = ANY($1::uuid[]) AND ${readable})
       SELECT w.id, w.position FROM (
         SELECT s.id, row_number() OVER (PARTITION BY s.event_id ORDER BY s.signed_up_at, s.id) AS position
           FROM event_sign_up s
          WHERE s.status = 'WAITLISTED' AND s.event_id IN (SELECT event_id FROM asked)
       ) w WHERE w.id IN (SELECT id FROM asked)`,
      params,
    );
    return new Map(rows.map((r) => [r.id, Number(r.position)]));
  }

  /** unscoped: a volunteer's own sign-ups, newest first. */
  ofVolunteer(volunteerId: string): Promise<SignUpEntity[]> {
    return this.signUps.find({ where: { volunteerId }, order: { signedUpAt: 'DESC' }, take: 200 });
  }

  /** unscoped: an event's sign-ups in sign-up order, for callers outside a request (no caller, no scope). */
  ofEvent(eventId: string): Promise<SignUpEntity[]> {
    return this.signUps.find({ where: { eventId }, order: { signedUpAt: 'ASC', id: 'ASC' } });
  }

  /** The roster staff see: everyone who signed up for an event inside the scope, in sign-up order. */
  roster(scope: RegionScope, eventId: string): Promise<RosterRow[]> {
    return this.signUps
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.volunteer', 'v')
      .where('s.event_id = :eventId', { eventId })
      .andWhere(...readableBy(scope, { eventId: 's.event_id', volunteerId: 's.volunteer_id' }))
      .orderBy('s.signed_up_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany() as Promise<RosterRow[]>;
  }

  /** The checked-in sign-ups of these volunteers that the reader may see, with their events' times. */
  async attendance(reader: SignUpReader, volunteerIds: readonly string[]): Promise<AttendanceRow[]> {
    return this.attendanceWhere(volunteerIds, reader);
  }

  /** unscoped: every checked-in sign-up of these volunteers, wherever they served. */
  attendanceEverywhere(volunteerIds: readonly string[]): Promise<AttendanceRow[]> {
    return this.attendanceWhere(volunteerIds, null);
  }

  /**
   * Checked-in sign-ups at events of regions inside the scope, by the event's start then the
   * sign-up's id, after the cursor (keyset); `from`/`to` bound the event's start.
   */
  async servicePage(
    scope: RegionScope,
    filter: { from?: Date; to?: Date },
    after: { startsAt: Date; id: string } | null,
    limit: number,
  ): Promise<ServiceRow[]> {
    const params: unknown[] = [];
    const where = [Subtree.of(scope).regionInRaw('e.region_id', params), 's.checked_in_at IS NOT NULL'];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (after) where.push(`(e.starts_at, s.id) > (${param(after.startsAt)}::timestamptz, ${param(after.id)}::uuid)`);
    if (filter.from) where.push(`e.starts_at >= ${param(filter.from)}::timestamptz`);
    if (filter.to) where.push(`e.starts_at < ${param(filter.to)}::timestamptz`);
    const rows: Record<string, unknown>[] = await this.signUps.query(
      `SELECT s.id, s.volunteer_id, s.checked_in_at, s.checked_out_at, e.starts_at, e.ends_at, e.title, e.kind,
              e.region_id, v.name AS volunteer_name, t.name AS team_name
         FROM event_sign_up s
         JOIN outreach_event e ON e.id = s.event_id
         JOIN volunteer v ON v.id = s.volunteer_id
         LEFT JOIN volunteer_team t ON t.id = v.team_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.starts_at, s.id
        LIMIT ${param(limit)}`,
      params,
    );
    const at = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
    return rows.map((r) => ({
      signUpId: String(r.id),
      volunteerId: String(r.volunteer_id),
      checkedInAt: at(r.checked_in_at),
      checkedOutAt: r.checked_out_at === null ? null : at(r.checked_out_at),
      startsAt: at(r.starts_at),
      endsAt: at(r.ends_at),
      volunteerName: String(r.volunteer_name),
      team: typeof r.team_name === 'string' ? r.team_name : null,
      eventTitle: String(r.title),
      kind: r.kind as OutreachKind,
      regionId: String(r.region_id),
    }));
  }

  private async attendanceWhere(
    volunteerIds: readonly string[],
    reader: SignUpReader | null,
  ): Promise<AttendanceRow[]> {
    if (volunteerIds.length === 0) return [];
    const params: unknown[] = [volunteerIds];
    const readable = reader
      ? `AND ${readableByRaw(reader, { eventId: 's.event_id', volunteerId: 's.volunteer_id' }, params)}`
      : '';
    const rows: {
      volunteer_id: string;
      checked_in_at: Date;
      checked_out_at: Date | null;
      starts_at: Date;
      ends_at: Date;
    }[] = await this.signUps.query(
      `SELECT s.volunteer_id, s.checked_in_at, s.checked_out_at, e.starts_at, e.ends_at
         FROM event_sign_up s JOIN outreach_event e ON e.id = s.event_id
        WHERE s.volunteer_id = ANY($1::uuid[]) AND s.checked_in_at IS NOT NULL ${readable}`,
      params,
    );
    return rows.map((r) => ({
      volunteerId: r.volunteer_id,
      checkedInAt: new Date(r.checked_in_at),
      checkedOutAt: r.checked_out_at === null ? null : new Date(r.checked_out_at),
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
  }
}
