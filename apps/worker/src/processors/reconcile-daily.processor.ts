import { Inject, Injectable } from '@nestjs/common';
import { QueueName, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { RECONCILE_DAILY_JOB, RECONCILE_DAILY_SCHEDULE, ReconciliationService } from '@shanchou/donations';
import { JobProcessor, JobSchedule } from '../job-processor';

export class ReconcileDailyPayload {}

/** Every morning at 10:30 Asia/Shanghai: queue the reconciliation of the day before (and of missed days). */
@Injectable()
export class ReconcileDailyProcessor implements JobProcessor<ReconcileDailyPayload> {
  static readonly SCHEDULE: JobSchedule = {
    queue: QueueName.DONATIONS,
    scheduleId: 'donations.reconcile-daily',
    jobName: RECONCILE_DAILY_JOB,
    cron: RECONCILE_DAILY_SCHEDULE,
  };

  readonly queue = QueueName.DONATIONS;
  readonly jobName = RECONCILE_DAILY_JOB;
  readonly payload = ReconcileDailyPayload;

  constructor(
    private readonly reconciliation: ReconciliationService,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  async handle(): Promise<void> {
    const dates = await this.reconciliation.enqueueDaily();
    this.log.info({ dates }, 'reconciliation of the previous business day queued');
  }
}
