import { Inject, Injectable } from '@nestjs/common';
import { QueueName, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { AuthService } from '@shanchou/identity';
import { JobProcessor, JobSchedule } from '../job-processor';

export class PurgeSessionsPayload {}

/** Deletes sign-in sessions that ended (expired or revoked) more than 30 days ago. */
@Injectable()
export class PurgeSessionsProcessor implements JobProcessor<PurgeSessionsPayload> {
  static readonly JOB = 'purge-sessions';
  static readonly SCHEDULE: JobSchedule = {
    queue: QueueName.SYSTEM,
    scheduleId: 'system.purge-sessions',
    jobName: PurgeSessionsProcessor.JOB,
    everyMs: 6 * 3600_000,
  };

  readonly queue = QueueName.SYSTEM;
  readonly jobName = PurgeSessionsProcessor.JOB;
  readonly payload = PurgeSessionsPayload;

  constructor(
    private readonly auth: AuthService,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  async handle(): Promise<void> {
    const purged = await this.auth.purgeEndedSessions();
    if (purged > 0) this.log.info({ purged }, 'purged ended sessions');
  }
}
