import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  AppConfig,
  DEFAULT_RETRY,
  JobOutcomes,
  JobQueue,
  OutboxRelay,
  QueuedJob,
  QueueName,
  ROOT_LOGGER,
  RootLogger,
  UnrecoverableJobError,
  validationMessages,
} from '@shanchou/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { JobProcessor, JobSchedule } from './job-processor';

export const JOB_PROCESSORS = Symbol('JOB_PROCESSORS');
export const JOB_SCHEDULES = Symbol('JOB_SCHEDULES');
export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

export interface WorkerRuntimeOptions {
  concurrency: number;
  relayPollMs: number;
}

/**
 * Starts this process's share of the background work once the application is up: the job
 * processors, the outbox relay and the repeating schedules (declared again on a timer, so a
 * Redis that lost them gets them back). Every job's end is reported to the outbox: finished,
 * or failed and tried again after a capped back-off for as long as its kind may, then parked
 * as dead. Stops on shutdown, waiting for jobs in hand.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private started = false;
  private redeclareTimer?: NodeJS.Timeout;

  constructor(
    @Inject(JobQueue) private readonly queue: JobQueue,
    private readonly relay: OutboxRelay,
    @Inject(JOB_PROCESSORS) private readonly processors: JobProcessor[],
    @Inject(JOB_SCHEDULES) private readonly schedules: JobSchedule[],
    @Inject(WORKER_OPTIONS) private readonly options: WorkerRuntimeOptions,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
    private readonly outcomes: JobOutcomes,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const byQueue = new Map<QueueName, Map<string, JobProcessor>>();
    for (const p of this.processors) {
      const names = byQueue.get(p.queue) ?? new Map<string, JobProcessor>();
      if (names.has(p.jobName)) throw new Error(`two processors for ${p.queue}/${p.jobName}`);
      names.set(p.jobName, p);
      byQueue.set(p.queue, names);
    }
    for (const [queue, names] of byQueue) {
      this.queue.process(queue, (job) => this.dispatch(names, job), this.options.concurrency);
    }
    await this.queue.start();
    for (const s of this.schedules) {
      try {
        await this.queue.repeat(s.queue, s.scheduleId, s.jobName, s.cron ?? s.everyMs);
      } catch (err) {
        // Redis away at start: the timer below declares the schedule once it is back.
        this.log.warn({ err, scheduleId: s.scheduleId }, 'could not declare a repeating schedule; trying again later');
      }
    }
    this.relay.start({ pollMs: this.options.relayPollMs });
    this.redeclareTimer = setInterval(() => void this.redeclareSchedules(), this.config.jobs.redeclareSeconds * 1000);
    this.redeclareTimer.unref();
    this.started = true;
    this.log.info({ queues: [...byQueue.keys()] }, 'job processors and outbox relay started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.redeclareTimer);
    await this.relay.stop();
    await this.queue.stop();
    this.log.info('job processors stopped');
  }

  /** Schedules the queue no longer has (Redis restarted without them) are declared again. */
  async redeclareSchedules(): Promise<number> {
    let declared = 0;
    for (const s of this.schedules) {
      try {
        if ((await this.queue.nextRun(s.queue, s.scheduleId)) !== null) continue;
        await this.queue.repeat(s.queue, s.scheduleId, s.jobName, s.cron ?? s.everyMs);
        declared++;
        this.log.warn({ scheduleId: s.scheduleId }, 'repeating schedule was missing from the queue: declared again');
      } catch (err) {
        this.log.warn({ err, scheduleId: s.scheduleId }, 'could not check a repeating schedule; trying again later');
      }
    }
    return declared;
  }

  private async dispatch(processors: Map<string, JobProcessor>, job: QueuedJob): Promise<void> {
    const processor = processors.get(job.name);
    try {
      await this.run(processor, job);
    } catch (err) {
      const unrecoverable = err instanceof UnrecoverableJobError;
      const parked = await this.outcomes.failed(job, err, processor?.retry ?? DEFAULT_RETRY, unrecoverable);
      if (parked && !unrecoverable) throw new UnrecoverableJobError(`parked as dead: ${describe(err)}`);
      throw err;
    }
    await this.outcomes.completed(job);
  }

  private async run(processor: JobProcessor | undefined, job: QueuedJob): Promise<void> {
    if (!processor) throw new UnrecoverableJobError(`no processor for ${job.queue}/${job.name}`);
    const data = plainToInstance(processor.payload, job.data ?? {});
    // forbidUnknownValues off: a payload class with no fields (a scheduled chore) is valid when empty.
    const errors = await validate(data, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
    if (errors.length > 0) {
      const problems = validationMessages(errors).map((p) => `${p.field}: ${p.message}`);
      throw new UnrecoverableJobError(`invalid payload for ${job.queue}/${job.name}: ${problems.join('; ')}`);
    }
    await processor.handle(data, job);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
