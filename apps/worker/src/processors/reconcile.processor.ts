import { Injectable } from '@nestjs/common';
import { DomainError, QueueName, UnrecoverableJobError } from '@shanchou/core';
import { RECONCILE_JOB, ReconciliationService, ReconciliationStatus } from '@shanchou/donations';
import { Matches } from 'class-validator';
import { JobProcessor } from '../job-processor';

export class ReconcilePayload {
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date!: string;
}

/**
 * 对账 of one business day (job id reconcile.YYYY-MM-DD). A FAILED run (bill late, download
 * damaged) is stored, then thrown, so the queue tries again after its back-off.
 */
@Injectable()
export class ReconcileProcessor implements JobProcessor<ReconcilePayload> {
  readonly queue = QueueName.DONATIONS;
  readonly jobName = RECONCILE_JOB;
  readonly payload = ReconcilePayload;

  constructor(private readonly reconciliation: ReconciliationService) {}

  async handle(data: ReconcilePayload): Promise<void> {
    let status: ReconciliationStatus;
    let reason: string | null;
    try {
      ({ status, reason } = (await this.reconciliation.run(data.date)).run);
    } catch (err) {
      // A date the service refuses will be refused again: no retry.
      if (err instanceof DomainError) throw new UnrecoverableJobError(err.message);
      throw err;
    }
    if (status === ReconciliationStatus.FAILED) throw new Error(`reconciliation of ${data.date} failed: ${reason}`);
  }
}
