import { JobQueue, OutboxService, QueueName, Transactions } from '@shanchou/core';
import { createTestApp, TestApp, waitFor } from '@shanchou/test';
import { DataSource } from 'typeorm';

/** The platform's own processors, run through the outbox, the queue and the job runner. */
describe('job processors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ worker: { relayPollMs: 50 } });
  });
  afterAll(() => t.close());

  /** Writes the job to the outbox, waits until the relay handed it over, then for its outcome. */
  async function run(queue: QueueName, jobName: string, payload: Record<string, unknown> = {}): Promise<string> {
    const id = await t.app.get(Transactions).run((tx) => t.app.get(OutboxService).add(tx, { queue, jobName, payload }));
    const ds = t.app.get(DataSource);
    await waitFor(`${jobName} to be relayed`, async () => {
      const rows: { handed: boolean }[] = await ds.query(
        'SELECT (available_at > now() OR completed_at IS NOT NULL) AS handed FROM outbox_message WHERE id = $1',
        [id],
      );
      return rows[0].handed;
    });
    return t.app.get(JobQueue).settled(queue, id);
  }

  it.each([
    [QueueName.SYSTEM, 'purge-outbox'],
    [QueueName.SYSTEM, 'purge-sessions'],
    [QueueName.LEDGER, 'sign-tree-head'],
  ])('runs %s/%s with its empty payload', async (queue, jobName) => {
    expect(await run(queue, jobName)).toBe('completed');
  });

  it('signs the ledger when sign-tree-head runs', async () => {
    expect(await run(QueueName.LEDGER, 'sign-tree-head')).toBe('completed');
    const heads: unknown[] = await t.app.get(DataSource).query('SELECT 1 FROM ledger_tree_head');
    expect(heads.length).toBeGreaterThan(0);
  });

  it('refuses a payload with fields its job does not take, without retrying', async () => {
    expect(await run(QueueName.SYSTEM, 'purge-outbox', { olderThan: 'yesterday' })).toBe('failed');
    const line = t.logs.find((l) => JSON.stringify(l).includes('property olderThan should not exist'));
    expect(line).toMatchObject({ attempt: 1 });
  });
});
