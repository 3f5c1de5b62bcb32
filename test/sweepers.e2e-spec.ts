import { OverdueOrders } from '@shanchou/donations';
import { OutreachNotices } from '@shanchou/outreach';
import {
  bearer,
  campaignIdOf,
  createEvent,
  createTestApp,
  donationStatus,
  donorLogin,
  loginAs,
  minutesFromNow,
  startDonation,
  TestApp,
  waitFor,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

/**
 * The sweepers find work whose job was lost before the outbox owned its jobs (rows marked
 * "dispatched" whose job Redis then lost): an order past its window still PENDING, a reminder
 * due with no job. Each is queued again once, and nothing that has a live job is touched.
 */
describe('sweepers', () => {
  let t: TestApp;
  let donor: string;
  let town: string;
  let townCode: string;
  const ds = () => t.app.get(DataSource);

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, worker: { relayPollMs: 50 } });
    donor = (await donorLogin(t, 'oSweeper-donor-01')).token;
    town = await loginAs(t, 'demo-town');
    const me = await t.gql<{ me: { staff: { region: { code: string } } } }>(
      '{ me { staff { region { code } } } }',
      {},
      bearer(town),
    );
    townCode = me.data!.me.staff.region.code;
  });
  afterAll(() => t.close());

  /** The order was placed long ago and its time-out's job is gone (its row says it was handed over). */
  async function lostTimeOut(receiptNo: string): Promise<void> {
    const windowSeconds = t.config.paymentWindowSeconds;
    await ds().query(`UPDATE donation SET created_at = now() - make_interval(secs => $2) WHERE receipt_no = $1`, [
      receiptNo,
      windowSeconds + 600,
    ]);
    await ds().query(`UPDATE outbox_message SET completed_at = now() WHERE job_key = $1`, [
      `expire-donation.${receiptNo}`,
    ]);
  }

  it('closes an unpaid order past its window whose time-out was lost, once', async () => {
    const campaignId = await campaignIdOf(t, 'fupin-shanchou');
    const lost = await startDonation(t, donor, { campaignId, amountFen: 1000 });
    const fresh = await startDonation(t, donor, { campaignId, amountFen: 1000 });
    await lostTimeOut(lost);

    const sweeper = t.app.get(OverdueOrders);
    expect(await sweeper.sweep()).toEqual([lost]);
    await waitFor(`${lost} closed`, async () => (await donationStatus(t, donor, lost)) === 'CLOSED');
    // The order still in its window, with its own time-out waiting, is left alone.
    expect(await donationStatus(t, donor, fresh)).toBe('PENDING');
    expect(await sweeper.sweep()).toEqual([]);
  });

  it('leaves an overdue order alone while its time-out is still trying, or parked for an admin', async () => {
    const campaignId = await campaignIdOf(t, 'fupin-shanchou');
    const trying = await startDonation(t, donor, { campaignId, amountFen: 1000 });
    const parked = await startDonation(t, donor, { campaignId, amountFen: 1000 });
    for (const r of [trying, parked]) {
      await ds().query(`UPDATE donation SET created_at = now() - interval '3 hours' WHERE receipt_no = $1`, [r]);
    }
    // One time-out is still in the queue (a lease far off), the other was given up on.
    await ds().query(`UPDATE outbox_message SET available_at = now() + interval '1 hour' WHERE job_key = $1`, [
      `expire-donation.${trying}`,
    ]);
    await ds().query(`UPDATE outbox_message SET dead_at = now() WHERE job_key = $1`, [`expire-donation.${parked}`]);
    expect(await t.app.get(OverdueOrders).sweep()).toEqual([]);
  });

  it('queues a reminder that fell due with no job, and only one that was ever scheduled', async () => {
    const notices = t.app.get(OutreachNotices);
    const startsAt = minutesFromNow(12 * 60);
    const lostReminder = await createEvent(t, town, {
      regionCode: townCode,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
    });
    const setUpLate = await createEvent(t, town, {
      regionCode: townCode,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
    });
    // The first was set up two days ago: its day-before reminder was due twelve hours ago, and its
    // job is gone. The second was set up twelve hours ahead: it never had a day-before reminder.
    await ds().query(`UPDATE outreach_event SET updated_at = now() - interval '2 days' WHERE id = $1`, [lostReminder]);
    await ds().query(`DELETE FROM outbox_message WHERE payload->>'eventId' = $1`, [lostReminder]);

    const queued = await notices.sweepDueReminders(new Date());
    expect(queued).toEqual([`outreach.remind.${lostReminder}.REMINDER_DAY_BEFORE.${startsAt.getTime()}`]);
    await waitFor('the swept reminder to run', async () => {
      const rows: { completed_at: Date | null }[] = await ds().query(
        `SELECT completed_at FROM outbox_message WHERE job_key = $1`,
        [queued[0]],
      );
      return rows[0]?.completed_at != null;
    });
    expect(await notices.sweepDueReminders(new Date())).toEqual([]);
    const forLate: unknown[] = await ds().query(
      `SELECT 1 FROM outbox_message WHERE payload->>'eventId' = $1 AND payload->>'notice' = 'REMINDER_DAY_BEFORE'`,
      [setUpLate],
    );
    expect(forLate).toEqual([]);
  });
});
