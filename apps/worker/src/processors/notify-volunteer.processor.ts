import { Injectable } from '@nestjs/common';
import { QueueName } from '@shanchou/core';
import { NoticeKind, NOTIFY_VOLUNTEER_JOB, OutreachNotices } from '@shanchou/outreach';
import { IsEnum, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { JobProcessor } from '../job-processor';

export class NotifyVolunteerPayload {
  @IsUUID()
  signUpId!: string;

  @IsEnum(NoticeKind)
  notice!: NoticeKind;

  /** Reminders: the start time they were for. */
  @IsOptional()
  @IsISO8601({ strict: true })
  startsAt?: string;
}

/** One notice to one volunteer through the Notifier; a notice that no longer holds is dropped. */
@Injectable()
export class NotifyVolunteerProcessor implements JobProcessor<NotifyVolunteerPayload> {
  readonly queue = QueueName.OUTREACH;
  readonly jobName = NOTIFY_VOLUNTEER_JOB;
  readonly payload = NotifyVolunteerPayload;

  constructor(private readonly notices: OutreachNotices) {}

  async handle(data: NotifyVolunteerPayload): Promise<void> {
    await this.notices.deliver(data.signUpId, data.notice, data.startsAt);
  }
}
