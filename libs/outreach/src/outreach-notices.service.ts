import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, OutboxService, QueueName, ROOT_LOGGER, RootLogger, Transactions } from '@shanchou/core';
import { DonorService } from '@shanchou/identity';
import { EntityManager } from 'typeorm';
import { EventRepository } from './event.repository';
import { Notifier, UndeliverableNoticeError } from './notifier';
import { OutreachEventEntity } from './outreach-event.entity';
import { EventStatus, NoticeKind, REMINDERS, ReminderNotice, SignUpStatus } from './outreach-kind';
import { shanghaiClock } from './shanghai-time';
import { SignUpEntity } from './sign-up.entity';
import { SentNoticeRepository } from './sent-notice.repository';
import { SignUpRepository } from './sign-up.repository';
import { VolunteerRepository } from './volunteer.repository';

/** The job that fans an event's reminder out to its confirmed volunteers. */
export const REMIND_VOLUNTEERS_JOB = 'remind-volunteers';

/** The sweeper of reminders that fell due with no job, on a schedule. */
export const SWEEP_DUE_REMINDERS_JOB = 'sweep-due-reminders';
/** The job that sends one notice to one volunteer. */
export const NOTIFY_VOLUNTEER_JOB = 'notify-volunteer';

export type ReminderOutcome = 'queued' | 'stale' | 'too late';
export type DeliveryOutcome = 'sent' | 'stale' | 'undeliverable';

/**
 * Telling volunteers about their events, always after the change commits: reminders the day and
 * the hour before (delayed jobs keyed by the event and its start time, so a job for a start time
 * that has since changed finds itself stale and does nothing), and notices of changes,
 * cancellations and seats freed from the waitlist.
 */
@Injectable()
export class OutreachNotices {
  constructor(
    private readonly events: EventRepository,
    private readonly signUps: SignUpRepository,
    private readonly volunteers: VolunteerRepository,
    private readonly sent: SentNoticeRepository,
    private readonly donors: DonorService,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    @Inject(Notifier) private readonly notifier: Notifier,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /** In the caller's transaction: the event's reminders for its current start time. */
  async scheduleReminders(tx: EntityManager, event: OutreachEventEntity, now: Date): Promise<void> {
    for (const { notice, beforeMs } of REMINDERS) {
      const dueAt = event.startsAt.getTime() - beforeMs;
      // An event set up less than a day (an hour) ahead gets no day-before (hour-before) reminder.
      if (dueAt <= now.getTime()) continue;
      await this.outbox.add(tx, {
        queue: QueueName.OUTREACH,
        jobName: REMIND_VOLUNTEERS_JOB,
        payload: { eventId: event.id, notice, startsAt: event.startsAt.toISOString() },
        jobKey: reminderKey(event, notice),
        delayMs: dueAt - now.getTime(),
      });
    }
  }

  /**
   * Belt and braces for the reminders: every reminder of a scheduled event that has fallen due
   * since the event was last changed, and that no outbox row ever carried, is queued now under
   * its own key (the job itself finds out whether it still holds). Returns their keys.
   */
  async sweepDueReminders(now: Date): Promise<string[]> {
    const longest = Math.max(...REMINDERS.map((r) => r.beforeMs));
    // unscoped: a job of the platform, with no caller.
    const events = await this.events.publicScheduledStarting(now, new Date(now.getTime() + longest));
    const due = events.flatMap((event) =>
      REMINDERS.filter(({ beforeMs }) => {
        const dueAt = event.startsAt.getTime() - beforeMs;
        // Reminders are scheduled when the event is set up or retimed: one due before then never was.
        return dueAt <= now.getTime() && dueAt > event.updatedAt.getTime();
      }).map(({ notice }) => ({ event, notice, key: reminderKey(event, notice) })),
    );
    if (due.length === 0) return [];
    const seen = await this.outbox.keysSeen(
      QueueName.OUTREACH,
      due.map((d) => d.key),
    );
    const lost = due.filter((d) => !seen.has(d.key));
    if (lost.length === 0) return [];
    await this.transactions.run(async (tx) => {
      for (const { event, notice, key } of lost) {
        await this.outbox.add(tx, {
          queue: QueueName.OUTREACH,
          jobName: REMIND_VOLUNTEERS_JOB,
          payload: { eventId: event.id, notice, startsAt: event.startsAt.toISOString() },
          jobKey: key,
        });
      }
    });
    this.log.warn(
      { count: lost.length, keys: lost.slice(0, 20).map((d) => d.key) },
      'due reminders had no job: queued',
    );
    return lost.map((d) => d.key);
  }

  /**
   * In the caller's transaction: one notice to each of these sign-ups, sent after the commit.
   * `occasion` tells one change from the next (the event's revision, a start time), so a resent
   * job is the same notice and a later change is a new one.
   */
  async tell(
    tx: EntityManager,
    signUps: readonly SignUpEntity[],
    notice: NoticeKind,
    occasion: string,
    startsAt?: Date,
  ): Promise<void> {
    for (const signUp of signUps) {
      await this.outbox.add(tx, {
        queue: QueueName.OUTREACH,
        jobName: NOTIFY_VOLUNTEER_JOB,
        payload: { signUpId: signUp.id, notice, ...(startsAt ? { startsAt: startsAt.toISOString() } : {}) },
        jobKey: `outreach.notice.${notice}.${signUp.id}.${occasion}`,
      });
    }
  }

  /** The reminder job: queue a notice to every confirmed volunteer, unless the event moved or went. */
  async remind(eventId: string, notice: ReminderNotice, startsAt: string, now: Date): Promise<ReminderOutcome> {
    // unscoped: a job of the platform, with no caller.
    const event = await this.events.publicById(eventId);
    if (!event || event.status !== EventStatus.SCHEDULED || event.startsAt.toISOString() !== startsAt) {
      this.log.info({ eventId, notice, startsAt }, 'reminder for a cancelled or rescheduled time: nothing to do');
      return 'stale';
    }
    if (now.getTime() >= event.startsAt.getTime()) {
      this.log.warn({ eventId, notice }, 'reminder came after the event started: not sent');
      return 'too late';
    }
    await this.transactions.run(async (tx) => {
      const confirmed = await this.signUps.withStatus(event.id, [SignUpStatus.CONFIRMED], tx);
      await this.tell(tx, confirmed, notice, String(event.startsAt.getTime()), event.startsAt);
    });
    return 'queued';
  }

  /** The notice job: sends it, unless what it was about no longer holds. */
  async deliver(signUpId: string, notice: NoticeKind, startsAt: string | undefined): Promise<DeliveryOutcome> {
    // unscoped: a job of the platform, with no caller.
    const signUp = await this.signUps.findById(signUpId);
    const event = signUp && (await this.events.publicById(signUp.eventId));
    if (!signUp || !event || !this.stillHolds(signUp, event, notice, startsAt)) {
      this.log.info({ signUpId, notice }, 'notice no longer applies: not sent');
      return 'stale';
    }
    const volunteer = await this.volunteers.findById(signUp.volunteerId);
    if (!volunteer) return 'stale';
    const donor = await this.donors.require(volunteer.donorId);
    const dedupKey = `${notice}.${signUp.id}.${startsAt ?? event.revision}`;
    if (await this.sent.wasSent(dedupKey)) {
      this.log.info({ signUpId, notice }, 'notice sent already: not sent again');
      return 'sent';
    }
    try {
      await this.notifier.send({
        openid: donor.openid,
        kind: notice,
        dedupKey,
        eventTitle: event.title,
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        place: event.place,
        text: this.text(notice, event),
        url: `${this.config.publicBaseUrl}/h5/outreach/events/${event.id}`,
      });
      await this.sent.record(dedupKey, signUp.id);
      return 'sent';
    } catch (err) {
      if (!(err instanceof UndeliverableNoticeError)) throw err;
      this.log.warn({ err, signUpId, notice }, 'notice undeliverable: given up');
      return 'undeliverable';
    }
  }

  private stillHolds(
    signUp: SignUpEntity,
    event: OutreachEventEntity,
    notice: NoticeKind,
    startsAt: string | undefined,
  ): boolean {
    switch (notice) {
      case NoticeKind.REMINDER_DAY_BEFORE:
      case NoticeKind.REMINDER_HOUR_BEFORE:
        return (
          signUp.status === SignUpStatus.CONFIRMED &&
          event.status === EventStatus.SCHEDULED &&
          event.startsAt.toISOString() === startsAt
        );
      case NoticeKind.PROMOTED:
        return signUp.status === SignUpStatus.CONFIRMED && event.status === EventStatus.SCHEDULED;
      case NoticeKind.EVENT_CHANGED:
        return signUp.status !== SignUpStatus.CANCELLED && event.status === EventStatus.SCHEDULED;
      case NoticeKind.EVENT_CANCELLED:
        return signUp.status !== SignUpStatus.CANCELLED && event.status === EventStatus.CANCELLED;
    }
  }

  /** The notice's one sentence (a template field holds 20 characters). */
  private text(notice: NoticeKind, event: OutreachEventEntity): string {
    switch (notice) {
      case NoticeKind.REMINDER_DAY_BEFORE:
        return `明天${shanghaiClock(event.startsAt)}开始，请准时参加`;
      case NoticeKind.REMINDER_HOUR_BEFORE:
        return '一小时后开始，请到场扫码签到';
      case NoticeKind.EVENT_CHANGED:
        return '活动有变动，请以本通知时间地点为准';
      case NoticeKind.EVENT_CANCELLED:
        return `活动已取消：${event.cancelReason ?? ''}`;
      case NoticeKind.PROMOTED:
        return '候补成功，您已获得活动名额';
    }
  }
}

/** One reminder job per event, notice and start time: a retimed event's old reminders are other jobs. */
function reminderKey(event: OutreachEventEntity, notice: ReminderNotice): string {
  return `outreach.remind.${event.id}.${notice}.${event.startsAt.getTime()}`;
}
