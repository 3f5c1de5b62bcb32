import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { JobProcessor, JobSchedule } from './job-processor';
import { PLATFORM_MODULES } from './platform-modules';
import { JOB_PROCESSORS, JOB_SCHEDULES, JobRunner, WORKER_OPTIONS, WorkerRuntimeOptions } from './job-runner';
import { ExpireDonationProcessor } from './processors/expire-donation.processor';
import { NotifyVolunteerProcessor } from './processors/notify-volunteer.processor';
import { PurgeOutboxProcessor } from './processors/purge-outbox.processor';
import { PurgeSessionsProcessor } from './processors/purge-sessions.processor';
import { ReconcileDailyProcessor } from './processors/reconcile-daily.processor';
import { ReconcileProcessor } from './processors/reconcile.processor';
import { RefundQueryProcessor } from './processors/refund-query.processor';
import { RemindVolunteersProcessor } from './processors/remind-volunteers.processor';
import { SignTreeHeadProcessor } from './processors/sign-tree-head.processor';
import { SweepDueRemindersProcessor } from './processors/sweep-due-reminders.processor';
import { SweepOverdueOrdersProcessor } from './processors/sweep-overdue-orders.processor';

/** Every processor of the platform. Processors live here only (STYLE.md habit 8). */
export const PROCESSORS: Type<JobProcessor>[] = [
  PurgeOutboxProcessor,
  PurgeSessionsProcessor,
  SignTreeHeadProcessor,
  ExpireDonationProcessor,
  RefundQueryProcessor,
  ReconcileProcessor,
  ReconcileDailyProcessor,
  RemindVolunteersProcessor,
  NotifyVolunteerProcessor,
  SweepOverdueOrdersProcessor,
  SweepDueRemindersProcessor,
];
export const SCHEDULES: JobSchedule[] = [
  PurgeOutboxProcessor.SCHEDULE,
  PurgeSessionsProcessor.SCHEDULE,
  ReconcileDailyProcessor.SCHEDULE,
  SweepOverdueOrdersProcessor.SCHEDULE,
  SweepDueRemindersProcessor.SCHEDULE,
];

export interface WorkerModuleOptions extends Partial<WorkerRuntimeOptions> {
  /** Replaces PROCESSORS (tests add probes). */
  processors?: Type<JobProcessor>[];
  schedules?: JobSchedule[];
  /** Modules the processors depend on. */
  imports?: DynamicModule['imports'];
}

@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions = {}): DynamicModule {
    const processors = options.processors ?? PROCESSORS;
    const runtime: WorkerRuntimeOptions = {
      concurrency: options.concurrency ?? 5,
      relayPollMs: options.relayPollMs ?? 500,
    };
    const providers: Provider[] = [
      ...processors,
      { provide: JOB_PROCESSORS, inject: processors, useFactory: (...all: JobProcessor[]) => all },
      { provide: JOB_SCHEDULES, useValue: options.schedules ?? SCHEDULES },
      { provide: WORKER_OPTIONS, useValue: runtime },
      JobRunner,
    ];
    return { module: WorkerModule, imports: [...PLATFORM_MODULES, ...(options.imports ?? [])], providers };
  }
}
