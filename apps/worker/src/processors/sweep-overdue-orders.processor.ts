import { Injectable } from '@nestjs/common';
import { QueueName } from '@shanchou/core';
import { OverdueOrders, SWEEP_OVERDUE_ORDERS_JOB } from '@shanchou/donations';
import { JobProcessor, JobSchedule } from '../job-processor';

export class SweepOverdueOrdersPayload {}

/** Every five minutes: PENDING orders past their window with no live time-out get one again. */
@Injectable()
export class SweepOverdueOrdersProcessor implements JobProcessor<SweepOverdueOrdersPayload> {
  static readonly SCHEDULE: JobSchedule = {
    queue: QueueName.DONATIONS,
    scheduleId: 'donations.sweep-overdue-orders',
    jobName: SWEEP_OVERDUE_ORDERS_JOB,
    everyMs: 5 * 60_000,
  };

  readonly queue = QueueName.DONATIONS;
  readonly jobName = SWEEP_OVERDUE_ORDERS_JOB;
  readonly payload = SweepOverdueOrdersPayload;
  /** The next sweep comes in five minutes: no use trying this one for longer. */
  readonly retry = { retryForMs: 5 * 60_000 };

  constructor(private readonly orders: OverdueOrders) {}

  async handle(): Promise<void> {
    await this.orders.sweep(new Date());
  }
}
