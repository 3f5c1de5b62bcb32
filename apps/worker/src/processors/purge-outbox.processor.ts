import { Inject, Injectable } from '@nestjs/common';
import { OutboxRelay, QueueName, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { JobProcessor, JobSchedule } from '../job-processor';

export class PurgeOutboxPayload {}

/** Deletes outbox rows whose job completed more than a week ago, so the table stays small (dead rows stay). */
@Injectable()
export class PurgeOutboxProcessor implements JobProcessor<PurgeOutboxPayload> {
  static readonly JOB = 'purge-outbox';
  static readonly SCHEDULE: JobSchedule = {
    queue: QueueName.SYSTEM,
    scheduleId: 'system.purge-outbox',
    jobName: PurgeOutboxProcessor.JOB,
    everyMs: 3600_000,
  };

  readonly queue = QueueName.SYSTEM;
  readonly jobName = PurgeOutboxProcessor.JOB;
  readonly payload = PurgeOutboxPayload;

  constructor(
    private readonly relay: OutboxRelay,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  async handle(): Promise<void> {
    const purged = await this.relay.purgeCompleted();
    if (purged > 0) this.log.info({ purged }, 'purged completed outbox rows');
  }
}
