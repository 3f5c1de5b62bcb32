import { RegionScope } from '@shanchou/identity';
import {
  AttendanceAction,
  AttendanceService,
  CertificateService,
  CheckInCodes,
  OutreachEventService,
  VolunteerService,
} from '@shanchou/outreach';
import {
  bearer,
  createEvent,
  createTestApp,
  loginAs,
  minutesFromNow,
  newVolunteer,
  outcome,
  shanghaiAt,
  signUp,
  staffActor,
  TestApp,
  TestVolunteer,
} from '@shanchou/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

interface SignUpView {
  status: string;
  checkedInAt: string | null;
  checkedOutAt: string | null;
  hours: number;
  certificateNo: string | null;
  event: { id: string };
}

interface CertificateView {
  certificateNo: string;
  volunteerName: string;
  eventTitle: string;
  kind: string;
  regionName: string;
  serviceMinutes: number;
  hours: number;
  issuedBy: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  verifyUrl: string;
}
const CERTIFICATE =
  'certificateNo volunteerName eventTitle kind regionName serviceMinutes hours issuedBy checkedInAt checkedOutAt verifyUrl';

/** The text a QR code (a data:image/png URL) holds, read the way a phone camera would. */
function scan(qrPng: string): string {
  const png = PNG.sync.read(Buffer.from(qrPng.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!decoded) throw new Error('the QR code does not decode');
  return decoded.data;
}

/** 签到、签退、服务时长与志愿服务证明. */
describe('outreach attendance, hours and certificates', () => {
  let t: TestApp;
  let town: string;
  let town2: string;
  let district: string;
  const VILLAGE = '370404001002';

  async function mySignUp(v: TestVolunteer, eventId: string): Promise<SignUpView> {
    const res = await t.gql<{ mySignUps: SignUpView[] }>(
      '{ mySignUps { status checkedInAt checkedOutAt hours certificateNo event { id } } }',
      {},
      bearer(v.token),
    );
    return res.data!.mySignUps.find((s) => s.event.id === eventId)!;
  }

  async function checkInCode(eventId: string, action = 'CHECK_IN', token = town) {
    return t.gql<{ eventCheckInCode: { code: string; url: string; qrPng: string; expiresAt: string } }>(
      `{ eventCheckInCode(eventId: "${eventId}", action: ${action}) { code url qrPng expiresAt } }`,
      {},
      bearer(token),
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    town = await loginAs(t, 'demo-town');
    town2 = await loginAs(t, 'demo-town2');
    district = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  it('registers a volunteer; the phone number is for the staff of their events only', async () => {
    const v = await newVolunteer(t, 'oAttend-profile-1', '王秀兰', ['义诊', '护理']);
    const bad = await t.gql(
      'mutation { registerVolunteer(input: { name: "王秀兰", phone: "12345" }) { id } }',
      {},
      bearer(v.token),
    );
    expect(outcome(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('input.phone');
    const updated = await t.gql<{
      registerVolunteer: { id: string; name: string; skills: string[]; expertise: string };
    }>(
      'mutation { registerVolunteer(input: { name: "王秀兰", phone: "139 0000 1111", skills: ["义诊"], expertise: "内科护理" }) { id name skills expertise } }',
      {},
      bearer(v.token),
    );
    expect(updated.data!.registerVolunteer).toEqual({
      id: v.volunteerId,
      name: '王秀兰',
      skills: ['义诊'],
      expertise: '内科护理',
    });
    const type = await t.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Volunteer") { fields { name } } }',
    );
    expect(type.data!.__type.fields.map((f) => f.name)).not.toContain('phone');

    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(3, '09:00'),
      endsAt: shanghaiAt(3, '11:00'),
    });
    await signUp(t, v, eventId);
    const roster = await t.gql<{
      eventRoster: { phone: string; volunteer: { name: string }; signUp: { status: string } }[];
    }>(`{ eventRoster(eventId: "${eventId}") { phone volunteer { name } signUp { status } } }`, {}, bearer(town));
    expect(roster.data!.eventRoster).toEqual([
      { phone: '13900001111', volunteer: { name: '王秀兰' }, signUp: { status: 'CONFIRMED' } },
    ]);
    const elsewhere = await t.gql(`{ eventRoster(eventId: "${eventId}") { phone } }`, {}, bearer(town2));
    expect(outcome(elsewhere)).toBe('FORBIDDEN');
    expect(elsewhere.data).toBeNull();
  });

  it('keeps teams (群团组织、志愿者队伍) with leaders; volunteers join one', async () => {
    const created = await t.gql<{ createVolunteerTeam: { id: string } }>(
      `mutation { createVolunteerTeam(input: { name: "东关社区志愿服务队", kind: VOLUNTEER_TEAM, regionCode: "${VILLAGE}" }) { id } }`,
      {},
      bearer(town),
    );
    const teamId = created.data!.createVolunteerTeam.id;
    const twice = await t.gql(
      `mutation { createVolunteerTeam(input: { name: "东关社区志愿服务队", kind: VOLUNTEER_TEAM, regionCode: "${VILLAGE}" }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(twice)).toBe('CONFLICT');
    const leader = await newVolunteer(t, 'oAttend-team-leader', '孙志强');
    const member = await newVolunteer(t, 'oAttend-team-member', '周婷');
    const joined = await t.gql<{ registerVolunteer: { team: { name: string; kind: string } } }>(
      `mutation { registerVolunteer(input: { name: "周婷", phone: "13700001111", teamId: "${teamId}" }) { team { name kind } } }`,
      {},
      bearer(member.token),
    );
    expect(joined.data!.registerVolunteer.team).toEqual({ name: '东关社区志愿服务队', kind: 'VOLUNTEER_TEAM' });
    const elsewhere = await t.gql(
      `mutation { setVolunteerTeamLeader(teamId: "${teamId}", volunteerId: "${leader.volunteerId}") { id } }`,
      {},
      bearer(town2),
    );
    expect(outcome(elsewhere)).toBe('FORBIDDEN');
    const led = await t.gql(
      `mutation { setVolunteerTeamLeader(teamId: "${teamId}", volunteerId: "${leader.volunteerId}") { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(led)).toBe('OK');
    const teams = await t.gql<{ volunteerTeams: unknown[] }>(
      '{ volunteerTeams(regionCode: "370404001") { name kind leaderName memberCount region { code } } }',
    );
    expect(teams.data!.volunteerTeams).toEqual([
      {
        name: '东关社区志愿服务队',
        kind: 'VOLUNTEER_TEAM',
        leaderName: '孙**',
        memberCount: 2,
        region: { code: VILLAGE },
      },
    ]);
    const wulin = await t.gql<{ volunteerTeams: unknown[] }>('{ volunteerTeams(regionCode: "370404002") { name } }');
    expect(wulin.data!.volunteerTeams).toEqual([]);
    // Registering again without a team keeps the one the volunteer is in.
    const kept = await t.gql<{ registerVolunteer: { team: { name: string } } }>(
      'mutation { registerVolunteer(input: { name: "孙志强", phone: "13700002222" }) { team { name } } }',
      {},
      bearer(leader.token),
    );
    expect(kept.data!.registerVolunteer.team).toEqual({ name: '东关社区志愿服务队' });
  });

  it('checks volunteers in and out by the QR code on the staff screen', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: minutesFromNow(30),
      endsAt: minutesFromNow(150),
      capacity: 1,
    });
    const [seated, waiting] = [await newVolunteer(t, 'oAttend-qr-seated'), await newVolunteer(t, 'oAttend-qr-waiting')];
    expect(await signUp(t, seated, eventId)).toBe('CONFIRMED');
    expect(await signUp(t, waiting, eventId)).toBe('WAITLISTED');

    const screen = (await checkInCode(eventId)).data!.eventCheckInCode;
    const scanned = scan(screen.qrPng);
    expect(scanned).toBe(screen.url);
    const code = new URL(scanned).searchParams.get('code')!;
    expect(code).toBe(screen.code);
    expect(new Date(screen.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const checkIn = (v: TestVolunteer, c: string) =>
      t.gql<{ checkInByCode: { status: string; checkedInAt: string } }>(
        'mutation($c: String!) { checkInByCode(code: $c) { status checkedInAt } }',
        { c },
        bearer(v.token),
      );
    const first = await checkIn(seated, code);
    expect(first.data!.checkInByCode.status).toBe('CHECKED_IN');
    const again = await checkIn(seated, code);
    expect(again.data!.checkInByCode).toEqual(first.data!.checkInByCode);
    const refused = await checkIn(waiting, code);
    expect(outcome(refused)).toBe('INVALID_TRANSITION');
    expect(refused.errors![0].message).toContain('候补名单');
    const forged = await checkIn(
      seated,
      code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect(outcome(forged)).toBe('BAD_USER_INPUT');
    expect(forged.errors![0].extensions!.field).toBe('code');

    const wrongWay = await t.gql(
      'mutation($c: String!) { checkOutByCode(code: $c) { status } }',
      { c: code },
      bearer(seated.token),
    );
    expect(outcome(wrongWay)).toBe('BAD_USER_INPUT');
    const outCode = scan((await checkInCode(eventId, 'CHECK_OUT')).data!.eventCheckInCode.qrPng);
    const out = await t.gql<{ checkOutByCode: { status: string; checkedOutAt: string } }>(
      'mutation($c: String!) { checkOutByCode(code: $c) { status checkedOutAt } }',
      { c: new URL(outCode).searchParams.get('code') },
      bearer(seated.token),
    );
    expect(out.data!.checkOutByCode.status).toBe('CHECKED_IN');
    expect(new Date(out.data!.checkOutByCode.checkedOutAt).getTime()).toBeGreaterThanOrEqual(
      new Date(first.data!.checkInByCode.checkedInAt).getTime(),
    );
    // Only the staff of the event's town show its code.
    expect(outcome(await checkInCode(eventId, 'CHECK_IN', town2))).toBe('FORBIDDEN');
  });

  it('lets staff check a volunteer in and out by hand, audited; check-in opens an hour before the start', async () => {
    const soon = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: minutesFromNow(20),
      endsAt: minutesFromNow(80),
    });
    const later = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(4, '09:00'),
      endsAt: shanghaiAt(4, '10:00'),
    });
    const v = await newVolunteer(t, 'oAttend-staff-1');
    await signUp(t, v, soon);
    await signUp(t, v, later);
    const tooEarly = await t.gql(
      `mutation { checkIn(eventId: "${later}", volunteerId: "${v.volunteerId}") { status } }`,
      {},
      bearer(town),
    );
    expect(outcome(tooEarly)).toBe('INVALID_TRANSITION');
    expect(tooEarly.errors![0].message).toContain('活动开始前一小时才能签到');
    const otherTown = await t.gql(
      `mutation { checkIn(eventId: "${soon}", volunteerId: "${v.volunteerId}") { status } }`,
      {},
      bearer(town2),
    );
    expect(outcome(otherTown)).toBe('FORBIDDEN');
    const done = await t.gql<{ checkIn: { status: string } }>(
      `mutation { checkIn(eventId: "${soon}", volunteerId: "${v.volunteerId}") { status } }`,
      {},
      bearer(town),
    );
    expect(done.data!.checkIn.status).toBe('CHECKED_IN');
    const out = await t.gql<{ checkOut: { checkedOutAt: string } }>(
      `mutation { checkOut(eventId: "${soon}", volunteerId: "${v.volunteerId}") { checkedOutAt } }`,
      {},
      bearer(town),
    );
    expect(out.data!.checkOut.checkedOutAt).toBeTruthy();
    const audit = await t.gql<{ auditLog: { entries: { action: string; targetId: string }[] } }>(
      '{ auditLog(first: 2) { entries { action targetId } } }',
      {},
      bearer(district),
    );
    expect(audit.data!.auditLog.entries).toEqual([
      { action: 'outreach_event.check_out', targetId: soon },
      { action: 'outreach_event.check_in', targetId: soon },
    ]);
    const notSignedUp = await newVolunteer(t, 'oAttend-staff-2');
    const nobody = await t.gql(
      `mutation { checkIn(eventId: "${soon}", volunteerId: "${notSignedUp.volunteerId}") { status } }`,
      {},
      bearer(town),
    );
    expect(outcome(nobody)).toBe('NOT_FOUND');
  });

  it('gives the hours from check-in to check-out, and the certificate shows them', async () => {
    const startsAt = shanghaiAt(2, '09:00');
    const endsAt = shanghaiAt(2, '11:00');
    const eventId = await createEvent(t, town, {
      title: '送医下乡·健康义诊',
      kind: 'MEDICAL',
      regionCode: VILLAGE,
      startsAt,
      endsAt,
      organiser: '峄城区卫生健康局',
    });
    const v = await newVolunteer(t, 'oAttend-hours-1', '李建国');
    expect(await signUp(t, v, eventId)).toBe('CONFIRMED');
    const early = await t.gql(
      `mutation { issueMyCertificate(eventId: "${eventId}") { certificateNo } }`,
      {},
      bearer(v.token),
    );
    expect(outcome(early)).toBe('INVALID_TRANSITION');

    // At the event (a controlled clock): scans in at 09:05, out at 10:35.
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    const codes = t.app.get(CheckInCodes);
    const attendance = t.app.get(AttendanceService);
    await attendance.byCode(
      v.donorId,
      codes.issue(eventId, AttendanceAction.CHECK_IN, at(5)).code,
      AttendanceAction.CHECK_IN,
      at(5),
    );
    await attendance.byCode(
      v.donorId,
      codes.issue(eventId, AttendanceAction.CHECK_OUT, at(95)).code,
      AttendanceAction.CHECK_OUT,
      at(95),
    );
    expect(await mySignUp(v, eventId)).toMatchObject({
      status: 'CHECKED_IN',
      checkedInAt: at(5).toISOString(),
      checkedOutAt: at(95).toISOString(),
      hours: 1.5,
    });

    const issued = await t.gql<{ issueMyCertificate: CertificateView }>(
      `mutation { issueMyCertificate(eventId: "${eventId}") { ${CERTIFICATE} } }`,
      {},
      bearer(v.token),
    );
    const certificate = issued.data!.issueMyCertificate;
    expect(certificate).toMatchObject({
      volunteerName: '李建国',
      eventTitle: '送医下乡·健康义诊',
      kind: 'MEDICAL',
      regionName: '东关社区',
      serviceMinutes: 90,
      hours: 1.5,
      issuedBy: '峄城区卫生健康局',
      checkedInAt: at(5).toISOString(),
      checkedOutAt: at(95).toISOString(),
    });
    expect(certificate.certificateNo).toMatch(/^ZY\d{20}$/);
    expect(certificate.verifyUrl).toBe(`${t.baseUrl}/h5/outreach/certificates/verify?no=${certificate.certificateNo}`);
    const twice = await t.gql<{ issueMyCertificate: CertificateView }>(
      `mutation { issueMyCertificate(eventId: "${eventId}") { ${CERTIFICATE} } }`,
      {},
      bearer(v.token),
    );
    expect(twice.data!.issueMyCertificate).toEqual(certificate);
    expect((await mySignUp(v, eventId)).certificateNo).toBe(certificate.certificateNo);

    // Anyone can verify it: the same facts, the name masked.
    const verified = await t.gql<{ verifyCertificate: CertificateView }>(
      `{ verifyCertificate(certificateNo: "${certificate.certificateNo}") { ${CERTIFICATE} } }`,
    );
    expect(verified.data!.verifyCertificate).toEqual({ ...certificate, volunteerName: '李**' });
    const unknown = await t.gql<{ verifyCertificate: null }>(
      '{ verifyCertificate(certificateNo: "ZY2026010100000000000") { hours } }',
    );
    expect(unknown.data!.verifyCertificate).toBeNull();
    const mine = await t.gql<{ myCertificates: { certificateNo: string }[]; myVolunteer: { hours: number } }>(
      '{ myCertificates { certificateNo } myVolunteer { hours } }',
      {},
      bearer(v.token),
    );
    expect(mine.data).toEqual({
      myCertificates: [{ certificateNo: certificate.certificateNo }],
      myVolunteer: { hours: 1.5 },
    });

    // The event's record counts who checked in.
    await t.app
      .get(OutreachEventService)
      .recordOutcome(
        RegionScope.of(await staffActor(t, town)),
        await staffActor(t, town),
        eventId,
        { peopleServed: 80 },
        at(180),
      );
    const record = await t.gql<{ event: { status: string; record: { attendance: number; peopleServed: number } } }>(
      `{ event(eventId: "${eventId}") { status record { attendance peopleServed } } }`,
    );
    expect(record.data!.event).toEqual({ status: 'COMPLETED', record: { attendance: 1, peopleServed: 80 } });
  });

  it('counts a volunteer who never checked out to the scheduled end, once check-out has closed', async () => {
    const startsAt = shanghaiAt(5, '14:00');
    const endsAt = shanghaiAt(5, '16:00');
    const eventId = await createEvent(t, town, { regionCode: VILLAGE, startsAt, endsAt });
    const v = await newVolunteer(t, 'oAttend-nocheckout-1', '赵敏');
    await signUp(t, v, eventId);
    const at = (minutes: number) => new Date(startsAt.getTime() + minutes * 60_000);
    const codes = t.app.get(CheckInCodes);
    await t.app
      .get(AttendanceService)
      .byCode(
        v.donorId,
        codes.issue(eventId, AttendanceAction.CHECK_IN, at(-10)).code,
        AttendanceAction.CHECK_IN,
        at(-10),
      );
    const volunteers = t.app.get(VolunteerService);
    const certificates = t.app.get(CertificateService);
    expect((await volunteers.minutesServed([v.volunteerId], at(150))).get(v.volunteerId)).toBe(0);
    await expect(certificates.issue(v.donorId, eventId, at(150))).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('签退关闭后再开证明') as string,
    });
    // Check-out closes two hours after the end; the hours then run to the scheduled end, capped at its length.
    expect((await volunteers.minutesServed([v.volunteerId], at(240))).get(v.volunteerId)).toBe(120);
    await expect(
      t.app
        .get(AttendanceService)
        .byCode(
          v.donorId,
          codes.issue(eventId, AttendanceAction.CHECK_OUT, at(240)).code,
          AttendanceAction.CHECK_OUT,
          at(240),
        ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const certificate = await certificates.issue(v.donorId, eventId, at(241));
    expect(certificate).toMatchObject({ serviceMinutes: 120, checkedOutAt: null, volunteerName: '赵敏' });
  });

  it('issues no certificate without a check-in', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(6, '09:00'),
      endsAt: shanghaiAt(6, '10:00'),
    });
    const v = await newVolunteer(t, 'oAttend-nocert-1');
    const notSignedUp = await t.gql(
      `mutation { issueMyCertificate(eventId: "${eventId}") { hours } }`,
      {},
      bearer(v.token),
    );
    expect(outcome(notSignedUp)).toBe('NOT_FOUND');
    await signUp(t, v, eventId);
    const after = new Date(shanghaiAt(6, '13:00').getTime());
    await expect(t.app.get(CertificateService).issue(v.donorId, eventId, after)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('你没有在这次活动签到') as string,
    });
  });
});
