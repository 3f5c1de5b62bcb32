import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import DataLoader from 'dataloader';
import { CertificateService } from './certificate.service';
import { EventRecordEntity } from './event-record.entity';
import { OutreachEventEntity } from './outreach-event.entity';
import { OutreachEventService } from './outreach-event.service';
import { SeatCounts } from './sign-up.repository';
import { SignUpService } from './sign-up.service';
import { VolunteerCertificateEntity } from './volunteer-certificate.entity';
import { VolunteerTeamEntity } from './volunteer-team.entity';
import { VolunteerService } from './volunteer.service';

export interface OutreachReaders {
  events: OutreachEventService;
  signUps: SignUpService;
  volunteers: VolunteerService;
  certificates: CertificateService;
}

/** The per-request loaders of outreach data, created on first use: a list costs a query per field. */
export function outreachLoaders(ctx: GraphqlContext, readers: OutreachReaders) {
  const { events, signUps, volunteers, certificates } = readers;
  return {
    event: ctx.loaders.get(
      'outreach.event',
      () =>
        new DataLoader<string, OutreachEventEntity | null>(async (ids) =>
          indexBy(ids, await events.byIds(ids), (e) => e.id),
        ),
    ),
    counts: ctx.loaders.get(
      'outreach.counts',
      () =>
        new DataLoader<string, SeatCounts>(async (ids) => {
          const counts = await events.counts(ids);
          return ids.map((id) => counts.get(id) ?? { confirmed: 0, waitlisted: 0, checkedIn: 0 });
        }),
    ),
    record: ctx.loaders.get(
      'outreach.record',
      () =>
        new DataLoader<string, EventRecordEntity | null>(async (ids) =>
          indexBy(ids, await events.records(ids), (r) => r.eventId),
        ),
    ),
    /** Minutes served, as of the request's time. */
    minutes: ctx.loaders.get('outreach.minutes', () => {
      const now = new Date();
      return new DataLoader<string, number>(async (ids) => {
        const totals = await volunteers.minutesServed(ids, now);
        return ids.map((id) => totals.get(id) ?? 0);
      });
    }),
    team: ctx.loaders.get(
      'outreach.team',
      () =>
        new DataLoader<string, VolunteerTeamEntity | null>(async (ids) =>
          indexBy(ids, await volunteers.teamsByIds(ids), (t) => t.id),
        ),
    ),
    members: ctx.loaders.get(
      'outreach.members',
      () =>
        new DataLoader<string, number>(async (ids) => {
          const counts = await volunteers.memberCounts(ids);
          return ids.map((id) => counts.get(id) ?? 0);
        }),
    ),
    volunteerName: ctx.loaders.get(
      'outreach.volunteerName',
      () =>
        new DataLoader<string, string | null>(async (ids) =>
          indexBy(ids, await volunteers.byIds(ids), (v) => v.id).map((v) => v?.name ?? null),
        ),
    ),
    waitlistPosition: ctx.loaders.get(
      'outreach.waitlistPosition',
      () =>
        new DataLoader<string, number | null>(async (ids) => {
          const positions = await signUps.waitlistPositions(ids);
          return ids.map((id) => positions.get(id) ?? null);
        }),
    ),
    certificate: ctx.loaders.get(
      'outreach.certificate',
      () =>
        new DataLoader<string, VolunteerCertificateEntity[]>(async (ids) =>
          groupBy(ids, await certificates.bySignUps(ids), (c) => c.signUpId),
        ),
    ),
  };
}
