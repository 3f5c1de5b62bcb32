import { SignUpService } from '@shanchou/outreach';
import {
  bearer,
  createEvent,
  createTestApp,
  createTestDatabase,
  donorLogin,
  loginAs,
  newVolunteer,
  outcome,
  seedDemoData,
  shanghaiAt,
  signUp,
  TestApp,
  TestVolunteer,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

/** 报名: seats, the waitlist, overlaps, and the events that take no more sign-ups. */
describe('outreach sign-ups', () => {
  let t: TestApp;
  let town: string;
  let serial = 0;
  const VILLAGE = '370404001002';

  const volunteers = (n: number): Promise<TestVolunteer[]> =>
    Promise.all(Array.from({ length: n }, () => newVolunteer(t, `oSignUp-${++serial}-xxxx`, `志愿者${serial}`)));

  async function mine(
    v: TestVolunteer,
  ): Promise<{ id: string; status: string; waitlistPosition: number | null; event: { id: string } }[]> {
    const res = await t.gql<{
      mySignUps: { id: string; status: string; waitlistPosition: number | null; event: { id: string } }[];
    }>('{ mySignUps { id status waitlistPosition event { id } } }', {}, bearer(v.token));
    return res.data!.mySignUps;
  }

  async function statusAt(v: TestVolunteer, eventId: string): Promise<string | undefined> {
    return (await mine(v)).find((s) => s.event.id === eventId)?.status;
  }

  async function counts(eventId: string) {
    const res = await t.gql<{ event: { confirmedCount: number; waitlistCount: number; seatsLeft: number } }>(
      '{ event(eventId: "' + eventId + '") { confirmedCount waitlistCount seatsLeft } }',
    );
    return res.data!.event;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    town = await loginAs(t, 'demo-town');
  });
  afterAll(() => t.close());

  it('fills 2 seats from 3 sign-ups made at once: 2 CONFIRMED, 1 WAITLISTED; a cancellation confirms the waiting one', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(4, '09:00'),
      endsAt: shanghaiAt(4, '11:00'),
      capacity: 2,
    });
    const three = await volunteers(3);
    const statuses = await Promise.all(three.map((v) => signUp(t, v, eventId)));
    expect([...statuses].sort()).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED']);
    expect(await counts(eventId)).toEqual({ confirmedCount: 2, waitlistCount: 1, seatsLeft: 0 });

    const waiting = three[statuses.indexOf('WAITLISTED')];
    expect((await mine(waiting))[0]).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    const leaving = three[statuses.indexOf('CONFIRMED')];
    const cancelled = await t.gql<{ cancelSignUp: { status: string } }>(
      `mutation { cancelSignUp(eventId: "${eventId}") { status } }`,
      {},
      bearer(leaving.token),
    );
    expect(cancelled.data!.cancelSignUp.status).toBe('CANCELLED');
    expect(await statusAt(waiting, eventId)).toBe('CONFIRMED');
    expect(await counts(eventId)).toEqual({ confirmedCount: 2, waitlistCount: 0, seatsLeft: 0 });
    // The promoted volunteer is told, after the commit, through the outbox.
    const notices: { n: string | number }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*) AS n FROM outbox_message WHERE job_key LIKE 'outreach.notice.PROMOTED.%' AND payload->>'signUpId' = $1`,
        [(await mine(waiting))[0].id],
      );
    expect(Number(notices[0].n)).toBe(1);
  });

  it('never oversells: 12 sign-ups at once for 5 seats give 5 seats and a waitlist of 7 in order', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(5, '09:00'),
      endsAt: shanghaiAt(5, '11:00'),
      capacity: 5,
    });
    const twelve = await volunteers(12);
    const statuses = await Promise.all(twelve.map((v) => signUp(t, v, eventId)));
    expect(statuses.filter((s) => s === 'CONFIRMED')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(7);
    const waitlisted = await Promise.all(
      twelve
        .filter((_, i) => statuses[i] === 'WAITLISTED')
        .map(async (v) => ({ v, position: (await mine(v))[0].waitlistPosition })),
    );
    expect(waitlisted.map((w) => w.position).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // The first on the waitlist, and only they, take the freed seat.
    const byPosition = (p: number) => waitlisted.find((w) => w.position === p)!.v;
    const [first, second] = [byPosition(1), byPosition(2)];
    await t.gql(
      `mutation { cancelSignUp(eventId: "${eventId}") { status } }`,
      {},
      bearer(twelve[statuses.indexOf('CONFIRMED')].token),
    );
    expect(await statusAt(first, eventId)).toBe('CONFIRMED');
    expect(await statusAt(second, eventId)).toBe('WAITLISTED');
    expect((await mine(second))[0].waitlistPosition).toBe(1);
    expect(await counts(eventId)).toEqual({ confirmedCount: 5, waitlistCount: 6, seatsLeft: 0 });
  });

  it('answers a second sign-up with the place already held, and puts one taken up again at the back', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(6, '09:00'),
      endsAt: shanghaiAt(6, '11:00'),
      capacity: 1,
    });
    const [a, b] = await volunteers(2);
    expect(await signUp(t, a, eventId)).toBe('CONFIRMED');
    const firstId = (await mine(a))[0].id;
    expect(await signUp(t, a, eventId)).toBe('CONFIRMED');
    expect((await mine(a))[0].id).toBe(firstId);
    expect(await signUp(t, b, eventId)).toBe('WAITLISTED');
    await t.gql(`mutation { cancelSignUp(eventId: "${eventId}") { status } }`, {}, bearer(a.token));
    expect(await statusAt(b, eventId)).toBe('CONFIRMED');
    expect(await signUp(t, a, eventId)).toBe('WAITLISTED');
    expect((await mine(a))[0]).toMatchObject({ id: firstId, waitlistPosition: 1 });
  });

  it("refuses a sign-up that overlaps another of the volunteer's with CONFLICT, and takes one that only touches it", async () => {
    const morning = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(8, '09:00'),
      endsAt: shanghaiAt(8, '11:00'),
    });
    const overlapping = await createEvent(t, town, {
      regionCode: '370404001003',
      startsAt: shanghaiAt(8, '10:30'),
      endsAt: shanghaiAt(8, '12:00'),
    });
    const afterwards = await createEvent(t, town, {
      regionCode: '370404001003',
      startsAt: shanghaiAt(8, '11:00'),
      endsAt: shanghaiAt(8, '12:00'),
    });
    const [v, w] = await volunteers(2);
    expect(await signUp(t, v, morning)).toBe('CONFIRMED');
    const clash = await t.gql(`mutation { signUp(eventId: "${overlapping}") { status } }`, {}, bearer(v.token));
    expect(outcome(clash)).toBe('CONFLICT');
    expect(clash.errors![0].message).toContain('测试活动');
    expect(await statusAt(v, overlapping)).toBeUndefined();
    expect(await signUp(t, v, afterwards)).toBe('CONFIRMED');
    // A waitlisted place holds the time too.
    const full = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(9, '09:00'),
      endsAt: shanghaiAt(9, '10:00'),
      capacity: 1,
    });
    const sameTime = await createEvent(t, town, {
      regionCode: '370404001003',
      startsAt: shanghaiAt(9, '09:30'),
      endsAt: shanghaiAt(9, '10:30'),
    });
    expect(await signUp(t, w, full)).toBe('CONFIRMED');
    expect(await signUp(t, v, full)).toBe('WAITLISTED');
    expect(await signUp(t, v, sameTime)).toBe('CONFLICT');
    // Once the first is cancelled, the other one is free to take.
    await t.gql(`mutation { cancelSignUp(eventId: "${full}") { status } }`, {}, bearer(v.token));
    expect(await signUp(t, v, sameTime)).toBe('CONFIRMED');
  });

  it('lets only one of two overlapping sign-ups made at the same moment through', async () => {
    const [v] = await volunteers(1);
    const first = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(11, '09:00'),
      endsAt: shanghaiAt(11, '11:00'),
    });
    const second = await createEvent(t, town, {
      regionCode: '370404001003',
      startsAt: shanghaiAt(11, '10:00'),
      endsAt: shanghaiAt(11, '12:00'),
    });
    const outcomes = await Promise.all([signUp(t, v, first), signUp(t, v, second)]);
    expect([...outcomes].sort()).toEqual(['CONFIRMED', 'CONFLICT']);
  });

  it('refuses sign-ups to a cancelled event and to one that has started, naming the rule', async () => {
    const [v] = await volunteers(1);
    const cancelled = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(12, '09:00'),
      endsAt: shanghaiAt(12, '11:00'),
    });
    await t.gql(`mutation { cancelEvent(eventId: "${cancelled}", reason: "暴雨") { status } }`, {}, bearer(town));
    const refused = await t.gql(`mutation { signUp(eventId: "${cancelled}") { status } }`, {}, bearer(v.token));
    expect(outcome(refused)).toBe('INVALID_TRANSITION');
    expect(refused.errors![0].message).toContain('已取消，不再接受报名');

    const startsAt = shanghaiAt(13, '09:00');
    const started = await createEvent(t, town, { regionCode: VILLAGE, startsAt, endsAt: shanghaiAt(13, '11:00') });
    const signUps = t.app.get(SignUpService);
    const afterStart = new Date(startsAt.getTime() + 60_000);
    await expect(signUps.signUp(v.donorId, started, afterStart)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringContaining('报名已截止') as string,
    });
    expect(await statusAt(v, started)).toBeUndefined();
    // A seat taken before the start cannot be given up after it.
    await signUps.signUp(v.donorId, started, new Date(startsAt.getTime() - 60_000));
    await expect(signUps.cancel(v.donorId, started, afterStart)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await statusAt(v, started)).toBe('CONFIRMED');
  });

  it('asks a WeChat user to register as a volunteer before signing up', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(14, '09:00'),
      endsAt: shanghaiAt(14, '11:00'),
    });
    const { token } = await donorLogin(t, 'oNot-a-volunteer-01');
    const res = await t.gql(`mutation { signUp(eventId: "${eventId}") { status } }`, {}, bearer(token));
    expect(outcome(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toContain('请先注册成为志愿者');
    expect(outcome(await t.gql(`mutation { signUp(eventId: "${eventId}") { status } }`, {}, bearer(town)))).toBe(
      'FORBIDDEN',
    );
    const unknown = await t.gql(
      'mutation { signUp(eventId: "00000000-0000-4000-8000-000000000000") { status } }',
      {},
      bearer((await volunteers(1))[0].token),
    );
    expect(outcome(unknown)).toBe('NOT_FOUND');
  });
});

describe('outreach sign-ups on a database migrated by the process itself (the first embedded start)', () => {
  it('signs up and checks overlaps', async () => {
    const database = await createTestDatabase({ empty: true });
    const t = await createTestApp({
      listen: true,
      database,
      core: { database: { pgliteTemplate: undefined, runMigrations: true } },
    });
    try {
      await seedDemoData(t);
      const town = await loginAs(t, 'demo-town');
      const first = await createEvent(t, town, {
        regionCode: '370404001002',
        startsAt: shanghaiAt(3, '09:00'),
        endsAt: shanghaiAt(3, '11:00'),
      });
      const second = await createEvent(t, town, {
        regionCode: '370404001003',
        startsAt: shanghaiAt(3, '10:00'),
        endsAt: shanghaiAt(3, '12:00'),
      });
      const v = await newVolunteer(t, 'oFirst-start-01');
      expect(await signUp(t, v, first)).toBe('CONFIRMED');
      expect(await signUp(t, v, second)).toBe('CONFLICT');
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
