import { Injectable } from '@nestjs/common';
import { QueuedJob, QueueName } from '@shanchou/core';
import { JobProcessor } from '@shanchou/worker';
import { IsString } from 'class-validator';

export class ProbePayload {
  @IsString()
  note!: string;
}

/** Every probe job handled in this test process, in order. */
export const probeRuns: { id: string; note: string }[] = [];

/** A job that records itself: lets a test see what the real worker wiring delivered. */
@Injectable()
export class ProbeProcessor implements JobProcessor<ProbePayload> {
  static readonly JOB = 'probe';
  readonly queue = QueueName.SYSTEM;
  readonly jobName = ProbeProcessor.JOB;
  readonly payload = ProbePayload;

  handle(data: ProbePayload, job: QueuedJob): Promise<void> {
    probeRuns.push({ id: job.id, note: data.note });
    return Promise.resolve();
  }
}
