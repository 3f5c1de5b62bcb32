import { Injectable } from '@nestjs/common';
import { OutboxService, QueuedJob, QueueName, Transactions } from '@shanchou/core';
import { createTestApp, ProbePayload, sleep, waitFor } from '@shanchou/test';
import { JobProcessor } from '@shanchou/worker';

const events: string[] = [];

@Injectable()
class SlowProcessor implements JobProcessor<ProbePayload> {
  readonly queue = QueueName.SYSTEM;
  readonly jobName = 'slow';
  readonly payload = ProbePayload;

  async handle(data: ProbePayload, job: QueuedJob): Promise<void> {
    events.push(`started ${job.id}`);
    await sleep(500);
    events.push(`finished ${job.id}`);
  }
}

describe('graceful shutdown', () => {
  it('finishes the job in hand before the application closes', async () => {
    const t = await createTestApp({ worker: { processors: [SlowProcessor], schedules: [], relayPollMs: 50 } });
    const id = await t.app
      .get(Transactions)
      .run((tx) =>
        t.app.get(OutboxService).add(tx, { queue: QueueName.SYSTEM, jobName: 'slow', payload: { note: 'x' } }),
      );
    await waitFor('the job to start', () => events.includes(`started ${id}`));
    await t.close();
    events.push('closed');
    expect(events).toEqual([`started ${id}`, `finished ${id}`, 'closed']);
  });
});
