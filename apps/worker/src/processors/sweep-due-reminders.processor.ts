import { Injectable } from '@nestjs/common';
import { QueueName } from '@shanchou/core';
import { OutreachNotices, SWEEP_DUE_REMINDERS_JOB } from '@shanchou/outreach';
import { JobProcessor, JobSchedule } from '../job-processor';

export class SweepDueRemindersPayload {}

/** Every five minutes: event reminders that fell due with no job get one. */
@Injectable()
export class SweepDueRemindersProcessor implements JobProcessor<SweepDueRemindersPayload> {
  static readonly SCHEDULE: JobSchedule = {
    queue: QueueName.OUTREACH,
    scheduleId: 'outreach.sweep-due-reminders',
    jobName: SWEEP_DUE_REMINDERS_JOB,
    everyMs: 5 * 60_000,
  };

  readonly queue = QueueName.OUTREACH;
  readonly jobName = SWEEP_DUE_REMINDERS_JOB;
  readonly payload = SweepDueRemindersPayload;
  /** The next sweep comes in five minutes: no use trying this one for longer. */
  readonly retry = { retryForMs: 5 * 60_000 };

  constructor(private readonly notices: OutreachNotices) {}

  async handle(): Promise<void> {
    await this.notices.sweepDueReminders(new Date());
  }
}
