import { RegionScope } from '@shanchou/identity';
import { OutreachEventService } from '@shanchou/outreach';
import { DEMO_EVENTS } from '@shanchou/seeds';
import {
  bearer,
  createEvent,
  createTestApp,
  loginAs,
  newVolunteer,
  outcome,
  shanghaiAt,
  signUp,
  staffActor,
  TestApp,
} from '@shanchou/test';
import ICAL from 'ical.js';
import { DataSource } from 'typeorm';

interface EventView {
  id: string;
  title: string;
  kind: string;
  status: string;
  capacity: number;
  place: string;
  organiser: string;
  startsAt: string;
  endsAt: string;
  region: { code: string };
}
const FIELDS = 'id title kind status capacity place organiser startsAt endsAt region { code }';

/** 下乡活动 as staff run them: inside their region only, edited, cancelled, listed, recorded. */
describe('outreach events', () => {
  let t: TestApp;
  let district: string;
  let town: string;
  let town2: string;
  let village: string;
  const TANSHAN_VILLAGE = '370404001002';
  const WULIN_VILLAGE = '370404002201';

  const ds = () => t.app.get(DataSource);

  async function event(id: string): Promise<EventView> {
    return (await t.gql<{ event: EventView }>(`{ event(eventId: "${id}") { ${FIELDS} } }`)).data!.event;
  }

  async function eventCount(): Promise<number> {
    const [{ n }]: { n: string | number }[] = await ds().query('SELECT count(*) AS n FROM outreach_event');
    return Number(n);
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    district = await loginAs(t, 'demo-district');
    town = await loginAs(t, 'demo-town');
    town2 = await loginAs(t, 'demo-town2');
    village = await loginAs(t, 'demo-village');
  });
  afterAll(() => t.close());

  it('has an upcoming demo event of every kind, listed to anyone', async () => {
    const res = await t.gql<{ events: EventView[] }>(`{ events { ${FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    const kinds = new Set(res.data!.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['CULTURE', 'LAW', 'MEDICAL', 'SCIENCE_TECH']);
    expect(res.data!.events.every((e) => new Date(e.startsAt) > new Date())).toBe(true);
    // Loading the seed again adds none while those are still to come.
    const again = await t.app.get(OutreachEventService).provisionDemo(DEMO_EVENTS);
    expect(again).toBe(0);
  });

  it('lets a town operator schedule an event in a village of its town, audited, with its reminders', async () => {
    const startsAt = shanghaiAt(3, '09:00');
    const res = await t.gql<{ createEvent: EventView }>(
      `mutation($s: DateTime!, $e: DateTime!) { createEvent(input: {
          title: "果园冬季修剪培训", kind: SCIENCE_TECH, regionCode: "${TANSHAN_VILLAGE}", startsAt: $s, endsAt: $e,
          capacity: 3, description: "带剪刀", place: "东关社区广场" }) { ${FIELDS} } }`,
      { s: startsAt.toISOString(), e: shanghaiAt(3, '11:30').toISOString() },
      bearer(town),
    );
    expect(res.errors).toBeUndefined();
    const created = res.data!.createEvent;
    expect(created).toMatchObject({
      title: '果园冬季修剪培训',
      status: 'SCHEDULED',
      capacity: 3,
      place: '东关社区广场',
      organiser: '坛山街道',
      region: { code: TANSHAN_VILLAGE },
    });
    const audit = await t.gql<{ auditLog: { entries: { action: string; targetId: string }[] } }>(
      '{ auditLog(first: 1) { entries { action targetId } } }',
      {},
      bearer(district),
    );
    expect(audit.data!.auditLog.entries[0]).toEqual({ action: 'outreach_event.create', targetId: created.id });
    const reminders: { job_key: string; due: Date }[] = await ds().query(
      `SELECT job_key, available_at AS due FROM outbox_message WHERE payload->>'eventId' = $1 ORDER BY available_at`,
      [created.id],
    );
    expect(reminders.map((r) => r.job_key)).toEqual([
      `outreach.remind.${created.id}.REMINDER_DAY_BEFORE.${startsAt.getTime()}`,
      `outreach.remind.${created.id}.REMINDER_HOUR_BEFORE.${startsAt.getTime()}`,
    ]);
    expect(Math.abs(new Date(reminders[0].due).getTime() - (startsAt.getTime() - 86400_000))).toBeLessThan(60_000);
    expect(Math.abs(new Date(reminders[1].due).getTime() - (startsAt.getTime() - 3600_000))).toBeLessThan(60_000);
  });

  it('forbids staff of 坛山街道 to create, edit or cancel events in 吴林街道, and changes nothing', async () => {
    const before = await eventCount();
    const create = await t.gql(
      `mutation($s: DateTime!, $e: DateTime!) { createEvent(input: { title: "越界", kind: LAW, regionCode: "${WULIN_VILLAGE}",
          startsAt: $s, endsAt: $e, capacity: 5 }) { id } }`,
      { s: shanghaiAt(3, '14:00').toISOString(), e: shanghaiAt(3, '16:00').toISOString() },
      bearer(town),
    );
    expect(outcome(create)).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);

    const theirs = await createEvent(t, town2, {
      title: '吴林义诊',
      kind: 'MEDICAL',
      regionCode: WULIN_VILLAGE,
      startsAt: shanghaiAt(4, '09:00'),
      endsAt: shanghaiAt(4, '11:00'),
    });
    const original = await event(theirs);
    const edit = await t.gql(
      `mutation { updateEvent(eventId: "${theirs}", input: { title: "改掉", capacity: 1 }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(edit)).toBe('FORBIDDEN');
    // Nor may an event be moved into another town, even by the staff of the town it is in now.
    const mine = await createEvent(t, town, {
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(4, '14:00'),
      endsAt: shanghaiAt(4, '16:00'),
    });
    const move = await t.gql(
      `mutation { updateEvent(eventId: "${mine}", input: { regionCode: "${WULIN_VILLAGE}" }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(move)).toBe('FORBIDDEN');
    expect((await event(mine)).region.code).toBe(TANSHAN_VILLAGE);
    const cancel = await t.gql(`mutation { cancelEvent(eventId: "${theirs}", reason: "x") { id } }`, {}, bearer(town));
    expect(outcome(cancel)).toBe('FORBIDDEN');
    expect(await event(theirs)).toEqual(original);
    // A village operator runs its own village only; the district runs all of them.
    const sibling = await t.gql(
      `mutation($s: DateTime!, $e: DateTime!) { createEvent(input: { title: "邻村", kind: CULTURE, regionCode: "${TANSHAN_VILLAGE}",
          startsAt: $s, endsAt: $e, capacity: 5 }) { id } }`,
      { s: shanghaiAt(3, '14:00').toISOString(), e: shanghaiAt(3, '16:00').toISOString() },
      bearer(village),
    );
    expect(outcome(sibling)).toBe('FORBIDDEN');
    const byDistrict = await t.gql(
      `mutation { updateEvent(eventId: "${theirs}", input: { title: "吴林义诊（区里改）" }) { title } }`,
      {},
      bearer(district),
    );
    expect(outcome(byDistrict)).toBe('OK');
  });

  it('refuses bad times and sizes, naming the field, and writes nothing', async () => {
    const before = await eventCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: shanghaiAt(3, '11:00'), endsAt: shanghaiAt(3, '09:00') }, 'input.endsAt'],
      [{ startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000) }, 'input.startsAt'],
      [{ startsAt: shanghaiAt(3, '09:00'), endsAt: shanghaiAt(5, '09:00') }, 'input.endsAt'],
      [{ startsAt: shanghaiAt(3, '09:00'), endsAt: shanghaiAt(3, '10:00'), capacity: 0 }, 'input.capacity'],
      [{ startsAt: shanghaiAt(3, '09:00'), endsAt: shanghaiAt(3, '10:00'), regionCode: '3704' }, 'input.regionCode'],
    ];
    for (const [input, field] of cases) {
      const res = await t.gql(
        `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
        {
          input: {
            title: '坏输入',
            kind: 'LAW',
            regionCode: TANSHAN_VILLAGE,
            capacity: 5,
            ...input,
          },
        },
        bearer(town),
      );
      expect(outcome(res)).toBe('BAD_USER_INPUT');
      // The ValidationPipe names fields inside the input, the service with the input's path.
      expect(res.errors![0].extensions!.field).toMatch(new RegExp(`^(input\\.)?${field.split('.')[1]}$`));
    }
    expect(await eventCount()).toBe(before);
  });

  it('lists by region subtree, kind and time range', async () => {
    const day = 20;
    const law = await createEvent(t, town, {
      title: '普法',
      kind: 'LAW',
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(day, '09:00'),
      endsAt: shanghaiAt(day, '10:00'),
    });
    const culture = await createEvent(t, town, {
      title: '文艺',
      kind: 'CULTURE',
      regionCode: '370404001003',
      startsAt: shanghaiAt(day + 1, '09:00'),
      endsAt: shanghaiAt(day + 1, '10:00'),
    });
    const elsewhere = await createEvent(t, town2, {
      title: '吴林普法',
      kind: 'LAW',
      regionCode: WULIN_VILLAGE,
      startsAt: shanghaiAt(day, '09:00'),
      endsAt: shanghaiAt(day, '10:00'),
    });
    const list = async (args: string) =>
      (await t.gql<{ events: { id: string }[] }>(`{ events(${args}) { id } }`)).data!.events.map((e) => e.id);
    const window = `from: "${shanghaiAt(day, '00:00').toISOString()}", to: "${shanghaiAt(day + 2, '00:00').toISOString()}"`;
    expect(await list(`regionCode: "370404001", ${window}`)).toEqual([law, culture]);
    expect(await list(`regionCode: "370404001", kind: LAW, ${window}`)).toEqual([law]);
    expect((await list(`regionCode: "370404", kind: LAW, ${window}`)).sort()).toEqual([law, elsewhere].sort());
    expect(await list(`regionCode: "370404001003", ${window}`)).toEqual([culture]);
    expect(
      await list(
        `from: "${shanghaiAt(day + 1, '00:00').toISOString()}", to: "${shanghaiAt(day + 2, '00:00').toISOString()}"`,
      ),
    ).toEqual([culture]);
    const unknown = await t.gql('{ events(regionCode: "370404999") { id } }');
    expect(outcome(unknown)).toBe('NOT_FOUND');
  });

  it('edits capacity: never below the seats taken; more seats confirm the waitlist', async () => {
    const id = await createEvent(t, town, {
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(22, '09:00'),
      endsAt: shanghaiAt(22, '11:00'),
      capacity: 1,
    });
    const [a, b] = await Promise.all([newVolunteer(t, 'oEvents-cap-a1'), newVolunteer(t, 'oEvents-cap-b1')]);
    expect(await signUp(t, a, id)).toBe('CONFIRMED');
    expect(await signUp(t, b, id)).toBe('WAITLISTED');
    const grow = await t.gql<{ updateEvent: { capacity: number; confirmedCount: number; waitlistCount: number } }>(
      `mutation { updateEvent(eventId: "${id}", input: { capacity: 2 }) { capacity confirmedCount waitlistCount } }`,
      {},
      bearer(town),
    );
    expect(grow.data!.updateEvent).toEqual({ capacity: 2, confirmedCount: 2, waitlistCount: 0 });
    const shrink = await t.gql(
      `mutation { updateEvent(eventId: "${id}", input: { capacity: 1 }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(shrink)).toBe('BAD_USER_INPUT');
    expect(shrink.errors![0].extensions!.field).toBe('input.capacity');
    expect((await event(id)).capacity).toBe(2);
  });

  it('moves an event to another village of the town: the place follows, and the volunteers are told', async () => {
    const id = await createEvent(t, town, {
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(25, '09:00'),
      endsAt: shanghaiAt(25, '11:00'),
      place: '东关社区广场',
    });
    const v = await newVolunteer(t, 'oEvents-move-1');
    await signUp(t, v, id);
    const same = await t.gql<{ updateEvent: { place: string } }>(
      `mutation { updateEvent(eventId: "${id}", input: { regionCode: "${TANSHAN_VILLAGE}", title: "改名" }) { place } }`,
      {},
      bearer(town),
    );
    expect(same.data!.updateEvent.place).toBe('东关社区广场');
    const moved = await t.gql<{ updateEvent: EventView }>(
      `mutation { updateEvent(eventId: "${id}", input: { regionCode: "370404001003" }) { ${FIELDS} } }`,
      {},
      bearer(town),
    );
    expect(moved.data!.updateEvent).toMatchObject({ place: '西关社区', region: { code: '370404001003' } });
    const told: { job_key: string }[] = await ds().query(
      `SELECT job_key FROM outbox_message WHERE job_key LIKE 'outreach.notice.EVENT_CHANGED.%' AND payload->>'signUpId' IN
         (SELECT id::text FROM event_sign_up WHERE event_id = $1)`,
      [id],
    );
    // The rename told nobody; the move told the one volunteer.
    expect(told).toHaveLength(1);
  });

  it('cancels with a reason: signed-up volunteers are told; no more changes or sign-ups', async () => {
    const id = await createEvent(t, town, {
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(23, '09:00'),
      endsAt: shanghaiAt(23, '11:00'),
    });
    const v = await newVolunteer(t, 'oEvents-cancel-1');
    expect(await signUp(t, v, id)).toBe('CONFIRMED');
    const res = await t.gql<{ cancelEvent: { status: string; cancelReason: string } }>(
      `mutation { cancelEvent(eventId: "${id}", reason: "大风降温，改期另行通知") { status cancelReason } }`,
      {},
      bearer(town),
    );
    expect(res.data!.cancelEvent).toEqual({ status: 'CANCELLED', cancelReason: '大风降温，改期另行通知' });
    const told: { job_key: string }[] = await ds().query(
      `SELECT job_key FROM outbox_message WHERE job_key LIKE 'outreach.notice.EVENT_CANCELLED.%'`,
    );
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(
      outcome(await t.gql(`mutation { cancelEvent(eventId: "${id}", reason: "再次") { id } }`, {}, bearer(town))),
    ).toBe('INVALID_TRANSITION');
    expect(
      outcome(
        await t.gql(`mutation { updateEvent(eventId: "${id}", input: { title: "复活" }) { id } }`, {}, bearer(town)),
      ),
    ).toBe('INVALID_TRANSITION');
  });

  it('files the record after the event: people served, services, photos, attendance; the event is COMPLETED', async () => {
    const startsAt = shanghaiAt(24, '09:00');
    const endsAt = shanghaiAt(24, '11:00');
    const id = await createEvent(t, town, { regionCode: TANSHAN_VILLAGE, startsAt, endsAt });
    const early = await t.gql(
      `mutation { recordEventOutcome(eventId: "${id}", input: { peopleServed: 1 }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(early)).toBe('INVALID_TRANSITION');
    const badPhoto = await t.gql(
      `mutation { recordEventOutcome(eventId: "${id}", input: { peopleServed: 1, photoUrls: ["http://x.cn/a.jpg"] }) { id } }`,
      {},
      bearer(town),
    );
    expect(outcome(badPhoto)).toBe('BAD_USER_INPUT');

    const events = t.app.get(OutreachEventService);
    const actor = await staffActor(t, town);
    await events.recordOutcome(
      RegionScope.of(actor),
      actor,
      id,
      {
        peopleServed: 126,
        services: [
          { name: '义诊', quantity: 120, unit: '人次' },
          { name: '发放资料', quantity: 300, unit: '份' },
        ],
        photoUrls: ['https://img.example.cn/outreach/1.jpg'],
        summary: '天气晴好，群众踊跃。',
      },
      new Date(endsAt.getTime() + 3600_000),
    );
    const res = await t.gql<{
      event: {
        status: string;
        record: { attendance: number; peopleServed: number; services: unknown[]; photoUrls: string[] };
      };
    }>(
      `{ event(eventId: "${id}") { status record { attendance peopleServed services { name quantity unit } photoUrls } } }`,
    );
    expect(res.data!.event).toEqual({
      status: 'COMPLETED',
      record: {
        attendance: 0,
        peopleServed: 126,
        services: [
          { name: '义诊', quantity: 120, unit: '人次' },
          { name: '发放资料', quantity: 300, unit: '份' },
        ],
        photoUrls: ['https://img.example.cn/outreach/1.jpg'],
      },
    });
  });

  describe('GET /events.ics', () => {
    it('is an RFC 5545 feed of the upcoming events of the region, which ical.js parses', async () => {
      const soon = await createEvent(t, town, {
        title: '科技下乡, 第二场; 果树"修剪"',
        kind: 'SCIENCE_TECH',
        regionCode: '370404001004',
        startsAt: shanghaiAt(2, '09:00'),
        endsAt: shanghaiAt(2, '11:30'),
        description: `第一行\n${'很长的一段活动说明'.repeat(12)}`,
      });
      const dropped = await createEvent(t, town, {
        title: '取消的活动',
        regionCode: '370404001004',
        startsAt: shanghaiAt(2, '14:00'),
        endsAt: shanghaiAt(2, '15:00'),
      });
      await t.gql(`mutation { cancelEvent(eventId: "${dropped}", reason: "场地冲突") { id } }`, {}, bearer(town));
      const res = await t.app.inject({ method: 'GET', url: '/events.ics?regionCode=370404001' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      const text = res.body;
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.split('\r\n');
      expect(lines.filter((l) => l.includes('\n') || l.includes('\r'))).toEqual([]);
      expect(lines.filter((l) => Buffer.byteLength(l, 'utf8') > 75)).toEqual([]);

      const calendar = ICAL.Component.fromString(text);
      expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
      expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
      const vevents = calendar.getAllSubcomponents('vevent');
      const byUid = new Map(vevents.map((v) => [String(v.getFirstPropertyValue('uid')), v]));
      const host = new URL(t.baseUrl!).hostname;
      const mine = byUid.get(`${soon}@${host}`)!;
      expect(mine).toBeDefined();
      const parsed = new ICAL.Event(mine);
      expect(parsed.summary).toBe('[科技下乡] 科技下乡, 第二场; 果树"修剪"');
      expect(parsed.description).toContain(`第一行\n${'很长的一段活动说明'.repeat(12)}`);
      expect(parsed.startDate.toJSDate().toISOString()).toBe(shanghaiAt(2, '09:00').toISOString());
      expect(parsed.endDate.toJSDate().toISOString()).toBe(shanghaiAt(2, '11:30').toISOString());
      expect(parsed.startDate.zone?.tzid).toBe('UTC');
      expect(mine.getFirstPropertyValue('dtstamp')).toBeTruthy();
      expect(mine.getFirstPropertyValue('status')).toBe('CONFIRMED');
      expect(byUid.get(`${dropped}@${host}`)!.getFirstPropertyValue('status')).toBe('CANCELLED');

      // Every event of the feed is in 坛山街道 and still to come; all of them are there.
      const expected = (await t.gql<{ events: { id: string }[] }>('{ events(regionCode: "370404001") { id } }')).data!
        .events;
      expect([...byUid.keys()].sort()).toEqual(expected.map((e) => `${e.id}@${host}`).sort());
      for (const v of vevents) {
        expect(new ICAL.Event(v).endDate.toJSDate().getTime()).toBeGreaterThan(Date.now());
      }
      const wulin = (await t.gql<{ events: { id: string }[] }>('{ events(regionCode: "370404002") { id } }')).data!
        .events;
      expect(wulin.length).toBeGreaterThan(0);
      expect(wulin.filter((e) => byUid.has(`${e.id}@${host}`))).toEqual([]);
    });

    it('covers the whole platform without a region, and refuses a bad region code', async () => {
      const all = await t.app.inject({ method: 'GET', url: '/events.ics' });
      expect(all.statusCode).toBe(200);
      const kinds = ICAL.Component.fromString(all.body)
        .getAllSubcomponents('vevent')
        .map((v) => String(v.getFirstPropertyValue('categories')));
      expect(new Set(kinds)).toEqual(new Set(['科技下乡', '文化下乡', '送法下乡', '送医下乡']));
      const bad = await t.app.inject({ method: 'GET', url: '/events.ics?regionCode=abc' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
      const unknown = await t.app.inject({ method: 'GET', url: '/events.ics?regionCode=370404999' });
      expect(unknown.statusCode).toBe(404);
    });
  });
});
