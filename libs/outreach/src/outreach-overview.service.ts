import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { RegionService, Subtree } from '@shanchou/regions';
import { Repository } from 'typeorm';
import { VolunteerEntity } from './volunteer.entity';
import { minutesToHours, serviceMinutes } from './service-hours';

/** Outreach in one region below the scope's root (for a district: a street or town). */
export interface RegionOutreach {
  regionCode: string;
  regionName: string;
  /** Events that have ended and were not cancelled. */
  eventsHeld: number;
  /** Distinct volunteers who checked in at those events. */
  volunteersServed: number;
  serviceHours: number;
  /** 服务群众人次, from the records filed after the events. */
  peopleServed: number;
}

export interface OutreachOverview {
  eventsHeld: number;
  eventsUpcoming: number;
  /** Every registered volunteer (volunteers are WeChat users of the whole platform). */
  volunteers: number;
  volunteersServed: number;
  serviceHours: number;
  peopleServed: number;
  byRegion: RegionOutreach[];
}

interface AttendanceRow {
  child: string;
  volunteer_id: string;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  starts_at: Date;
  ends_at: Date;
}

/**
 * 下乡活动总览 for the district centre: events held, volunteers who served, hours and people
 * served, in the scope's region and by the regions one level below it.
 */
@Injectable()
export class OutreachOverviewService {
  constructor(
    @InjectRepository(VolunteerEntity) private readonly volunteers: Repository<VolunteerEntity>,
    private readonly regions: RegionService,
  ) {}

  async overview(
    scope: RegionScope,
    range: { from?: Date; to?: Date } = {},
    now = new Date(),
  ): Promise<OutreachOverview> {
    const from = range.from ?? new Date(0);
    const to = range.to ?? now;
    const subtree = Subtree.of(scope);
    const eventParams: unknown[] = [from, to, now];
    const events: { child: string; held: string | number; upcoming: string | number; people: string | number }[] =
      await this.volunteers.query(
        `SELECT sc.child,
                count(*) FILTER (WHERE e.ends_at <= $2 AND e.ends_at >= $1) AS held,
                count(*) FILTER (WHERE e.starts_at > $3) AS upcoming,
                coalesce(sum(rec.people_served) FILTER (WHERE e.ends_at <= $2 AND e.ends_at >= $1), 0) AS people
           FROM outreach_event e
           JOIN (${subtree.regionsByChildRaw(eventParams)}) sc ON sc.id = e.region_id
           LEFT JOIN outreach_event_record rec ON rec.event_id = e.id
          WHERE e.status <> 'CANCELLED'
          GROUP BY 1`,
        eventParams,
      );
    const attendanceParams: unknown[] = [from, to];
    const attendance: AttendanceRow[] = await this.volunteers.query(
      `SELECT sc.child, s.volunteer_id, s.checked_in_at, s.checked_out_at, e.starts_at, e.ends_at
         FROM event_sign_up s
         JOIN outreach_event e ON e.id = s.event_id
         JOIN (${subtree.regionsByChildRaw(attendanceParams)}) sc ON sc.id = e.region_id
        WHERE s.checked_in_at IS NOT NULL AND e.ends_at <= $2 AND e.ends_at >= $1`,
      attendanceParams,
    );
    const [root] = await this.regions.byIds([scope.regionId]);
    const children = root
      ? (await this.regions.childrenOf([root.id])).sort((a, b) => a.code.localeCompare(b.code))
      : [];
    const minutesOf = (row: AttendanceRow) =>
      serviceMinutes(
        { checkedInAt: new Date(row.checked_in_at!), checkedOutAt: row.checked_out_at && new Date(row.checked_out_at) },
        { startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) },
        now,
      );
    const summarise = (rows: AttendanceRow[]) => ({
      volunteersServed: new Set(rows.map((r) => r.volunteer_id)).size,
      serviceHours: minutesToHours(rows.reduce((sum, r) => sum + minutesOf(r), 0)),
    });
    const byRegion = children.map((region) => {
      const e = events.find((row) => row.child === region.code);
      return {
        regionCode: region.code,
        regionName: region.name,
        eventsHeld: Number(e?.held ?? 0),
        peopleServed: Number(e?.people ?? 0),
        ...summarise(attendance.filter((row) => row.child === region.code)),
      };
    });
    const volunteers = await this.volunteers.count();
    return {
      eventsHeld: events.reduce((n, row) => n + Number(row.held), 0),
      eventsUpcoming: events.reduce((n, row) => n + Number(row.upcoming), 0),
      peopleServed: events.reduce((n, row) => n + Number(row.people), 0),
      volunteers,
      ...summarise(attendance),
      byRegion,
    };
  }
}
