import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import { Principal } from '@shanchou/identity';
import DataLoader from 'dataloader';
import { CertificateService } from './certificate.service';
import { EventRecordEntity } from './event-record.entity';
import { OutreachEventEntity } from './outreach-event.entity';
import { OutreachEventService } from './outreach-event.service';
import { SeatCounts } from './sign-up.repository';
import { signUpReaderOf } from './sign-up-reader';
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

/**
 * The per-request loaders of public outreach data, created on first use: a list costs a query
 * per field. unscoped: public — events with their seats and records, teams with their leaders
 * (masked by the resolver) and sizes, as the `events` and `volunteerTeams` queries list them.
 */
export function outreachLoaders(ctx: GraphqlContext, readers: OutreachReaders) {
  const { events, volunteers } = readers;
  return {
    event: ctx.loaders.get(
      'outreach.event',
      () =>
        new DataLoader<string, OutreachEventEntity | null>(async (ids) =>
          indexBy(ids, await events.publicByIds(ids), (e) => e.id),
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
    /** By team id. */
    leaderName: ctx.loaders.get(
      'outreach.leaderName',
      () =>
        new DataLoader<string, string | null>(async (ids) => {
          const names = await volunteers.leaderNames(ids);
          return ids.map((id) => names.get(id) ?? null);
        }),
    ),
  };
}

/**
 * The per-request loaders of what follows from sign-ups (waitlist places, certificates, hours
 * served), for the caller: staff load those at events inside their scope, a volunteer their own,
 * an anonymous caller nothing. A sign-up or volunteer outside that answers as if it had none.
 */
export function signUpLoaders(ctx: GraphqlContext, readers: OutreachReaders, caller: Principal | null) {
  const { signUps, volunteers, certificates } = readers;
  const reader = signUpReaderOf(caller);
  return {
    waitlistPosition: ctx.loaders.get(
      'outreach.waitlistPosition',
      () =>
        new DataLoader<string, number | null>(async (ids) => {
          const positions = reader ? await signUps.waitlistPositions(reader, ids) : new Map<string, number>();
          return ids.map((id) => positions.get(id) ?? null);
        }),
    ),
    certificate: ctx.loaders.get(
      'outreach.certificate',
      () =>
        new DataLoader<string, VolunteerCertificateEntity[]>(async (ids) =>
          groupBy(ids, reader ? await certificates.bySignUps(reader, ids) : [], (c) => c.signUpId),
        ),
    ),
    /** Minutes served, as of the request's time. */
    minutes: ctx.loaders.get('outreach.minutes', () => {
      const now = new Date();
      return new DataLoader<string, number>(async (ids) => {
        const totals = reader ? await volunteers.minutesServedAs(reader, ids, now) : new Map<string, number>();
        return ids.map((id) => totals.get(id) ?? 0);
      });
    }),
  };
}
