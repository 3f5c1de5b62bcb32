import { RegionScope } from '@shanchou/identity';
import {
  AttendanceAction,
  AttendanceService,
  CheckInCodes,
  OutreachEventService,
  OutreachOverview,
  OutreachOverviewService,
} from '@shanchou/outreach';
import {
  bearer,
  createEvent,
  createTestApp,
  donorLogin,
  loginAs,
  newVolunteer,
  outcome,
  shanghaiAt,
  signUp,
  staffActor,
  TestApp,
} from '@shanchou/test';

/** 下乡活动总览 for the district centre: events held, volunteers who served, hours, by town. */
describe('outreachOverview', () => {
  let t: TestApp;
  let district: string;
  let town: string;
  let town2: string;
  // A day after the events below: they are over, check-out has closed, hours are settled.
  const afterwards = shanghaiAt(4, '09:00');
  // The demo seed's own events, as they stand at that time.
  let before: OutreachOverview;
  const overviewAt = async (token: string, now: Date) =>
    t.app.get(OutreachOverviewService).overview(RegionScope.of(await staffActor(t, token)), {}, now);

  async function attend(eventId: string, donorId: string, inAt: Date, outAt?: Date): Promise<void> {
    const codes = t.app.get(CheckInCodes);
    const attendance = t.app.get(AttendanceService);
    await attendance.byCode(
      donorId,
      codes.issue(eventId, AttendanceAction.CHECK_IN, inAt).code,
      AttendanceAction.CHECK_IN,
      inAt,
    );
    if (outAt)
      await attendance.byCode(
        donorId,
        codes.issue(eventId, AttendanceAction.CHECK_OUT, outAt).code,
        AttendanceAction.CHECK_OUT,
        outAt,
      );
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    [district, town, town2] = await Promise.all(['demo-district', 'demo-town', 'demo-town2'].map((u) => loginAs(t, u)));
    before = await overviewAt(district, afterwards);
    const a = await newVolunteer(t, 'oOverview-vol-1', '张明');
    const b = await newVolunteer(t, 'oOverview-vol-2', '李芳');

    // 坛山街道, a village of it: two volunteers, 1.5 h and, never checked out, the full 2 h.
    const startsAt = shanghaiAt(2, '09:00');
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    const tanshan = await createEvent(t, town, {
      regionCode: '370404001002',
      startsAt,
      endsAt: shanghaiAt(2, '11:00'),
      kind: 'MEDICAL',
    });
    expect(await signUp(t, a, tanshan)).toBe('CONFIRMED');
    expect(await signUp(t, b, tanshan)).toBe('CONFIRMED');
    await attend(tanshan, a.donorId, at(5), at(95));
    await attend(tanshan, b.donorId, at(0));
    const scope = RegionScope.of(await staffActor(t, town));
    await t.app
      .get(OutreachEventService)
      .recordOutcome(scope, await staffActor(t, town), tanshan, { peopleServed: 120 }, afterwards);

    // 吴林街道: the same volunteer again, one hour; and an event that was cancelled.
    const wulinStart = shanghaiAt(3, '14:00');
    const wulin = await createEvent(t, town2, {
      regionCode: '370404002',
      startsAt: wulinStart,
      endsAt: shanghaiAt(3, '15:00'),
    });
    expect(await signUp(t, a, wulin)).toBe('CONFIRMED');
    await attend(wulin, a.donorId, wulinStart, new Date(wulinStart.getTime() + 3600_000));
    const cancelled = await createEvent(t, town2, {
      regionCode: '370404002',
      startsAt: shanghaiAt(3, '09:00'),
      endsAt: shanghaiAt(3, '10:00'),
    });
    await t.gql(`mutation { cancelEvent(eventId: "${cancelled}", reason: "下雨") { id } }`, {}, bearer(town2));
  });
  afterAll(() => t.close());

  it('counts what happened in each street and town, once the events are over', async () => {
    const overview = await overviewAt(district, afterwards);
    const town = (o: OutreachOverview, name: string) => o.byRegion.find((r) => r.regionName === name)!;
    const grown = (name: string) => {
      const [now, then] = [town(overview, name), town(before, name)];
      return {
        eventsHeld: now.eventsHeld - then.eventsHeld,
        volunteersServed: now.volunteersServed - then.volunteersServed,
        serviceHours: now.serviceHours - then.serviceHours,
        peopleServed: now.peopleServed - then.peopleServed,
      };
    };
    expect(overview.byRegion.map((r) => r.regionName)).toEqual(before.byRegion.map((r) => r.regionName));
    expect(overview.byRegion).toHaveLength(7);
    expect(grown('坛山街道')).toEqual({ eventsHeld: 1, volunteersServed: 2, serviceHours: 3.5, peopleServed: 120 });
    expect(grown('吴林街道')).toEqual({ eventsHeld: 1, volunteersServed: 1, serviceHours: 1, peopleServed: 0 });
    expect(grown('古邵镇')).toEqual({ eventsHeld: 0, volunteersServed: 0, serviceHours: 0, peopleServed: 0 });
    // The cancelled event is not counted; the volunteer who served twice counts once.
    expect(overview.eventsHeld - before.eventsHeld).toBe(2);
    expect(overview.volunteersServed - before.volunteersServed).toBe(2);
    expect(overview.serviceHours - before.serviceHours).toBe(4.5);
    expect(overview.volunteers).toBeGreaterThanOrEqual(2);
  });

  it('counts nothing as held before the events end', async () => {
    const res = await t.gql<{ outreachOverview: { eventsHeld: number; eventsUpcoming: number; byRegion: unknown[] } }>(
      '{ outreachOverview { eventsHeld eventsUpcoming serviceHours byRegion { regionName eventsHeld } } }',
      {},
      bearer(district),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.outreachOverview.eventsHeld).toBe(0);
    expect(res.data!.outreachOverview.eventsUpcoming).toBeGreaterThanOrEqual(2);
    expect(res.data!.outreachOverview.byRegion).toHaveLength(7);
  });

  it('is for the district centre and the auditor; others are refused', async () => {
    const donor = (await donorLogin(t, 'oOverview-vol-3')).token;
    const query = '{ outreachOverview { eventsHeld } }';
    expect(outcome(await t.gql(query, {}, bearer(town)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(query, {}, bearer(donor)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(query))).toBe('UNAUTHENTICATED');
  });
});
