import { JobQueue, QueueName } from '@shanchou/core';
import { NoticeKind, OutreachNotices } from '@shanchou/outreach';
import {
  bearer,
  createEvent,
  createTestApp,
  loginAs,
  newVolunteer,
  shanghaiAt,
  signUp,
  TestApp,
  TestVolunteer,
  waitFor,
} from '@shanchou/test';
import { TemplateMessageSimStore } from '@shanchou/wechat-sim';
import { DataSource } from 'typeorm';

interface TemplateMessage {
  touser: string;
  templateId: string;
  url: string;
  data: Record<string, { value: string }>;
}

/** "2026年12月1日 09:00", as the template's time field shows a start. */
function wallClock(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Reminders and notices reach volunteers as WeChat template messages (NOTIFIER=wechat), sent to
 * the stand-in through the outbox, the queue and the worker's processors.
 */
describe('outreach reminders and notices', () => {
  let t: TestApp;
  let town: string;
  let serial = 0;
  const VILLAGE = '370404001003';

  const ds = () => t.app.get(DataSource);

  async function messages(v: TestVolunteer): Promise<TemplateMessage[]> {
    const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/template-messages?touser=${v.openid}`);
    return (await res.json()) as TemplateMessage[];
  }

  /** Time passes for the event: its reminders fall due now. */
  async function reminderTime(eventId: string): Promise<number> {
    const [, n]: [unknown, number] = await ds().query(
      `UPDATE outbox_message SET available_at = now()
        WHERE job_name = 'remind-volunteers' AND payload->>'eventId' = $1 AND completed_at IS NULL`,
      [eventId],
    );
    return n;
  }

  /**
   * Waits until every outreach job that fell due has run, including the notices they queued. A
   * job that ran may have queued notices the relay hands over at once, before a count of rows not
   * yet handed over could see them: so it is done only when no due row waits and every job handed
   * over has settled.
   */
  async function settle(): Promise<void> {
    const queue = t.app.get(JobQueue);
    const done = new Set<string>();
    for (let round = 0; round < 20; round++) {
      await waitFor('due outreach rows to be relayed', async () => {
        const [{ n }]: { n: string | number }[] = await ds().query(
          `SELECT count(*) AS n FROM outbox_message WHERE queue = $1 AND completed_at IS NULL AND available_at <= now()`,
          [QueueName.OUTREACH],
        );
        return Number(n) === 0;
      });
      const handed: { job: string }[] = await ds().query(
        `SELECT DISTINCT coalesce(job_key, id::text) AS job FROM outbox_message WHERE queue = $1 AND relay_attempts > 0`,
        [QueueName.OUTREACH],
      );
      const fresh = handed.map((r) => r.job).filter((job) => !done.has(job));
      if (fresh.length === 0) return;
      await Promise.all(fresh.map((job) => queue.settled(QueueName.OUTREACH, job)));
      for (const job of fresh) done.add(job);
    }
    throw new Error('outreach jobs kept queueing more jobs');
  }

  const volunteer = (prefix = 'oRemind') => newVolunteer(t, `${prefix}-${++serial}-vol`, `志愿者${serial}`);

  beforeAll(async () => {
    t = await createTestApp({
      demo: true,
      listen: true,
      logLevel: 'info',
      env: { NOTIFIER: 'wechat' },
      worker: { relayPollMs: 50 },
    });
    town = await loginAs(t, 'demo-town');
  });
  afterAll(() => t.close());

  it('reminds the confirmed volunteers the day and the hour before, by template message, once', async () => {
    const startsAt = shanghaiAt(3, '09:00');
    const eventId = await createEvent(t, town, {
      title: '石榴园冬季管理技术培训',
      regionCode: VILLAGE,
      startsAt,
      endsAt: shanghaiAt(3, '11:00'),
      capacity: 2,
      place: '东关社区文化广场',
    });
    const [a, b, c] = [await volunteer(), await volunteer(), await volunteer()];
    expect(await signUp(t, a, eventId)).toBe('CONFIRMED');
    expect(await signUp(t, b, eventId)).toBe('CONFIRMED');
    expect(await signUp(t, c, eventId)).toBe('WAITLISTED');
    expect(await messages(a)).toEqual([]);

    expect(await reminderTime(eventId)).toBe(2);
    await settle();
    for (const v of [a, b]) {
      const sent = await messages(v);
      expect(sent).toHaveLength(2);
      for (const m of sent) {
        expect(m).toMatchObject({
          templateId: t.config.wechat.outreachTemplateId,
          url: `${t.baseUrl}/h5/outreach/events/${eventId}`,
          data: {
            thing1: { value: '石榴园冬季管理技术培训' },
            time2: { value: wallClock(startsAt) },
            thing3: { value: '东关社区文化广场' },
          },
        });
      }
      expect(sent.map((m) => m.data.thing4.value).sort()).toEqual([
        '一小时后开始，请到场扫码签到',
        '明天09:00开始，请准时参加',
      ]);
    }
    expect(await messages(c)).toEqual([]);

    // The reminder job run again (a retry, a second worker) sends nothing new.
    const notices = t.app.get(OutreachNotices);
    expect(await notices.remind(eventId, NoticeKind.REMINDER_DAY_BEFORE, startsAt.toISOString(), new Date())).toBe(
      'queued',
    );
    await settle();
    expect(await messages(a)).toHaveLength(2);
  });

  it('reschedules the reminders when the time changes: the ones for the old time find themselves stale', async () => {
    const oldStart = shanghaiAt(4, '09:00');
    const newStart = shanghaiAt(5, '14:00');
    const eventId = await createEvent(t, town, {
      title: '送戏下乡',
      kind: 'CULTURE',
      regionCode: VILLAGE,
      startsAt: oldStart,
      endsAt: shanghaiAt(4, '11:00'),
    });
    const v = await volunteer();
    await signUp(t, v, eventId);
    const moved = await t.gql(
      `mutation($s: DateTime!, $e: DateTime!) { updateEvent(eventId: "${eventId}", input: { startsAt: $s, endsAt: $e }) { startsAt } }`,
      { s: newStart.toISOString(), e: shanghaiAt(5, '16:00').toISOString() },
      bearer(town),
    );
    expect(moved.errors).toBeUndefined();
    await settle();
    const changed = await messages(v);
    expect(changed).toHaveLength(1);
    expect(changed[0].data).toMatchObject({
      time2: { value: wallClock(newStart) },
      thing4: { value: '活动有变动，请以本通知时间地点为准' },
    });

    expect(await reminderTime(eventId)).toBe(4);
    await settle();
    const all = await messages(v);
    expect(all).toHaveLength(3);
    expect(all.every((m) => m.data.time2.value === wallClock(newStart))).toBe(true);
    const stale = t.logs.filter((l) => l.msg === 'reminder for a cancelled or rescheduled time: nothing to do');
    expect(stale.filter((l) => l.eventId === eventId)).toHaveLength(2);
    expect(
      await t.app
        .get(OutreachNotices)
        .remind(eventId, NoticeKind.REMINDER_HOUR_BEFORE, oldStart.toISOString(), new Date()),
    ).toBe('stale');
  });

  it('tells everyone signed up when the event is cancelled, and sends no reminders for it', async () => {
    const eventId = await createEvent(t, town, {
      title: '法律咨询',
      kind: 'LAW',
      regionCode: VILLAGE,
      startsAt: shanghaiAt(6, '09:00'),
      endsAt: shanghaiAt(6, '11:00'),
      capacity: 1,
    });
    const [seated, waiting] = [await volunteer(), await volunteer()];
    await signUp(t, seated, eventId);
    await signUp(t, waiting, eventId);
    await t.gql(`mutation { cancelEvent(eventId: "${eventId}", reason: "律师临时有庭审") { id } }`, {}, bearer(town));
    await reminderTime(eventId);
    await settle();
    for (const v of [seated, waiting]) {
      const sent = await messages(v);
      expect(sent.map((m) => m.data.thing4.value)).toEqual(['活动已取消：律师临时有庭审']);
    }
  });

  it('tells the first on the waitlist when a seat frees up', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(7, '09:00'),
      endsAt: shanghaiAt(7, '11:00'),
      capacity: 1,
    });
    const [seated, waiting] = [await volunteer(), await volunteer()];
    await signUp(t, seated, eventId);
    await signUp(t, waiting, eventId);
    await t.gql(`mutation { cancelSignUp(eventId: "${eventId}") { status } }`, {}, bearer(seated.token));
    await settle();
    expect((await messages(waiting)).map((m) => m.data.thing4.value)).toEqual(['候补成功，您已获得活动名额']);
    expect(await messages(seated)).toEqual([]);
  });

  it('fetches a new access token when WeChat no longer takes the one it holds, and sends the notice', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(9, '09:00'),
      endsAt: shanghaiAt(9, '11:00'),
    });
    const v = await volunteer();
    await signUp(t, v, eventId);
    const expired = await fetch(`${t.baseUrl}/wechat-sim/_sim/access-tokens/expire`, { method: 'POST' });
    expect(expired.status).toBe(204);
    await t.gql(`mutation { cancelEvent(eventId: "${eventId}", reason: "道路施工") { id } }`, {}, bearer(town));
    await settle();
    expect((await messages(v)).map((m) => m.data.thing4.value)).toEqual(['活动已取消：道路施工']);
  });

  it('gives up at once on a volunteer who unfollowed the account', async () => {
    const eventId = await createEvent(t, town, {
      regionCode: VILLAGE,
      startsAt: shanghaiAt(8, '09:00'),
      endsAt: shanghaiAt(8, '11:00'),
    });
    const gone = await volunteer('oUnfollowed');
    await signUp(t, gone, eventId);
    await t.gql(`mutation { cancelEvent(eventId: "${eventId}", reason: "改期") { id } }`, {}, bearer(town));
    await settle();
    expect(await messages(gone)).toEqual([]);
    const given = t.logs.filter((l) => l.msg === 'notice undeliverable: given up');
    expect(given.length).toBeGreaterThanOrEqual(1);
    expect(t.logs.filter((l) => l.msg === 'job failed' && JSON.stringify(l).includes('notify-volunteer'))).toEqual([]);
  });

  it('sends a notice once when its job runs again after WeChat forgot its client_msg_id', async () => {
    const startsAt = shanghaiAt(4, '09:00');
    const eventId = await createEvent(t, town, { regionCode: VILLAGE, startsAt, endsAt: shanghaiAt(4, '10:00') });
    const v = await volunteer();
    expect(await signUp(t, v, eventId)).toBe('CONFIRMED');
    const [{ id: signUpId }]: { id: string }[] = await ds().query(
      'SELECT id FROM event_sign_up WHERE event_id = $1 AND volunteer_id = $2',
      [eventId, v.volunteerId],
    );
    const notices = t.app.get(OutreachNotices);
    const at = startsAt.toISOString();
    expect(await notices.deliver(signUpId, NoticeKind.REMINDER_DAY_BEFORE, at)).toBe('sent');
    // The job is run again more than ten minutes later (its completion was never recorded):
    // WeChat no longer knows the client_msg_id, but the platform remembers it sent the notice.
    const store = t.app.get(TemplateMessageSimStore, { strict: false });
    for (const m of store.messages) m.receivedAt = new Date(Date.parse(m.receivedAt) - 11 * 60_000).toISOString();
    expect(await notices.deliver(signUpId, NoticeKind.REMINDER_DAY_BEFORE, at)).toBe('sent');
    expect(await messages(v)).toHaveLength(1);
  });
});
