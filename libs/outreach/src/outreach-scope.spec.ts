import { RegionScope } from '@shanchou/identity';
import {
  bearer,
  createEvent,
  createTestApp,
  loginAs,
  newVolunteer,
  shanghaiAt,
  signUp,
  staffActor,
  TestApp,
  TestVolunteer,
} from '@shanchou/test';
import { AttendanceService } from './attendance.service';
import { CertificateService } from './certificate.service';
import { CheckInCodes } from './check-in-code';
import { AttendanceAction } from './outreach-kind';
import { SignUpService } from './sign-up.service';

/**
 * What follows from a sign-up (hours, waitlist places, certificates) is read through the caller:
 * staff see it for events inside their scope, a volunteer their own, whatever ids they ask for.
 */
describe('outreach reads through the caller', () => {
  let t: TestApp;
  let town: string; // 坛山街道
  let district: string;
  let townScope: RegionScope;
  let town2Scope: RegionScope; // 吴林街道
  let a: TestVolunteer;
  let b: TestVolunteer;
  let tanshan: string;
  let waitlisted: string;

  async function attend(eventId: string, donorId: string, inAt: Date, outAt: Date): Promise<void> {
    const codes = t.app.get(CheckInCodes);
    const attendance = t.app.get(AttendanceService);
    const act = (action: AttendanceAction, at: Date) =>
      attendance.byCode(donorId, codes.issue(eventId, action, at).code, action, at);
    await act(AttendanceAction.CHECK_IN, inAt);
    await act(AttendanceAction.CHECK_OUT, outAt);
  }

  const mySignUps = async (v: TestVolunteer) =>
    (
      await t.gql<{ mySignUps: { id: string; event: { id: string } }[] }>(
        '{ mySignUps { id event { id } } }',
        {},
        bearer(v.token),
      )
    ).data!.mySignUps;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    const town2 = await loginAs(t, 'demo-town2');
    [town, district] = await Promise.all([loginAs(t, 'demo-town'), loginAs(t, 'demo-district')]);
    townScope = RegionScope.of(await staffActor(t, town));
    town2Scope = RegionScope.of(await staffActor(t, town2));
    a = await newVolunteer(t, 'oScope-vol-a', '周敏');
    b = await newVolunteer(t, 'oScope-vol-b', '吴刚');

    // a serves 1.5 h in 坛山街道 and 1 h in 吴林街道.
    const startsAt = shanghaiAt(2, '09:00');
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    tanshan = await createEvent(t, town, { regionCode: '370404001002', startsAt, endsAt: shanghaiAt(2, '11:00') });
    expect(await signUp(t, a, tanshan)).toBe('CONFIRMED');
    await attend(tanshan, a.donorId, at(0), at(90));
    const wulinStart = shanghaiAt(3, '14:00');
    const wulin = await createEvent(t, town2, {
      regionCode: '370404002',
      startsAt: wulinStart,
      endsAt: shanghaiAt(3, '15:00'),
    });
    expect(await signUp(t, a, wulin)).toBe('CONFIRMED');
    await attend(wulin, a.donorId, wulinStart, new Date(wulinStart.getTime() + 3600_000));
    await t.app.get(CertificateService).issue(a.donorId, tanshan, at(200));

    // In 吴林街道, b waits for a seat.
    const full = await createEvent(t, town2, {
      regionCode: '370404002',
      startsAt: shanghaiAt(5, '09:00'),
      endsAt: shanghaiAt(5, '10:00'),
      capacity: 1,
    });
    expect(await signUp(t, a, full)).toBe('CONFIRMED');
    expect(await signUp(t, b, full)).toBe('WAITLISTED');
    waitlisted = (await mySignUps(b)).find((s) => s.event.id === full)!.id;
  });
  afterAll(() => t.close());

  it("counts a volunteer's hours on a roster inside the staff member's scope only", async () => {
    const roster = async (token: string) =>
      (
        await t.gql<{ eventRoster: { volunteer: { hours: number }; signUp: { certificateNo: string | null } }[] }>(
          `{ eventRoster(eventId: "${tanshan}") { volunteer { hours } signUp { certificateNo } } }`,
          {},
          bearer(token),
        )
      ).data!.eventRoster;
    const [inTown] = await roster(town);
    expect(inTown.volunteer.hours).toBe(1.5);
    expect(inTown.signUp.certificateNo).toMatch(/^ZY/);
    expect((await roster(district))[0].volunteer.hours).toBe(2.5);
    const mine = await t.gql<{ myVolunteer: { hours: number } }>('{ myVolunteer { hours } }', {}, bearer(a.token));
    expect(mine.data!.myVolunteer.hours).toBe(2.5);
  });

  it('answers waitlist places and certificates only for sign-ups the reader may see', async () => {
    const signUps = t.app.get(SignUpService);
    expect(await signUps.waitlistPositions(town2Scope, [waitlisted])).toEqual(new Map([[waitlisted, 1]]));
    expect(await signUps.waitlistPositions({ donorId: b.donorId }, [waitlisted])).toEqual(new Map([[waitlisted, 1]]));
    expect((await signUps.waitlistPositions(townScope, [waitlisted])).size).toBe(0);
    expect((await signUps.waitlistPositions({ donorId: a.donorId }, [waitlisted])).size).toBe(0);

    const certificates = t.app.get(CertificateService);
    const [served] = (await mySignUps(a)).filter((s) => s.event.id === tanshan);
    expect(await certificates.bySignUps(townScope, [served.id])).toHaveLength(1);
    expect(await certificates.bySignUps({ donorId: a.donorId }, [served.id])).toHaveLength(1);
    expect(await certificates.bySignUps(town2Scope, [served.id])).toHaveLength(0);
    expect(await certificates.bySignUps({ donorId: b.donorId }, [served.id])).toHaveLength(0);
  });
});
