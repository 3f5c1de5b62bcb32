import { Inject, Injectable } from '@nestjs/common';
import { QueueName, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { NoticeKind, OutreachNotices, REMIND_VOLUNTEERS_JOB, ReminderNotice } from '@shanchou/outreach';
import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { JobProcessor } from '../job-processor';

export class RemindVolunteersPayload {
  @IsUUID()
  eventId!: string;

  @IsIn([NoticeKind.REMINDER_DAY_BEFORE, NoticeKind.REMINDER_HOUR_BEFORE])
  notice!: ReminderNotice;

  /** The start time the reminder was scheduled for: another one now means it is stale. */
  @IsISO8601({ strict: true })
  startsAt!: string;
}

/** The day (or hour) before an event: one notice to each confirmed volunteer. Idempotent. */
@Injectable()
export class RemindVolunteersProcessor implements JobProcessor<RemindVolunteersPayload> {
  readonly queue = QueueName.OUTREACH;
  readonly jobName = REMIND_VOLUNTEERS_JOB;
  readonly payload = RemindVolunteersPayload;

  constructor(
    private readonly notices: OutreachNotices,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  async handle(data: RemindVolunteersPayload): Promise<void> {
    const outcome = await this.notices.remind(data.eventId, data.notice, data.startsAt, new Date());
    this.log.info({ eventId: data.eventId, notice: data.notice, outcome }, 'event reminder');
  }
}
