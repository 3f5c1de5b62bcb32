import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { NotFoundError } from '../errors/domain-error';
import { DeadRow, OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

/** How many dead jobs a listing shows, newest first. */
export const DEAD_JOBS_SHOWN = 500;

/** Jobs given up on (死信): listed for a district admin, and retried by hand once the cause is fixed. */
@Injectable()
export class DeadJobs {
  constructor(
    private readonly rows: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly signal: OutboxSignal,
  ) {}

  list(): Promise<DeadRow[]> {
    return this.rows.dead(DEAD_JOBS_SHOWN);
  }

  /**
   * Puts the job back in the outbox, due now, with a fresh time to keep trying; `alongside` runs
   * in the same transaction (the audit entry). Returns the job as it was when dead.
   */
  async retry(id: string, alongside: (tx: EntityManager, job: DeadRow) => Promise<void>): Promise<DeadRow> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new NotFoundError('DeadJob', id, 'id');
    }
    return this.transactions.run(async (tx) => {
      const job = await this.rows.revive(tx, id);
      if (!job) throw new NotFoundError('DeadJob', id, 'id');
      await alongside(tx, job);
      Transactions.afterCommit(tx, () => this.signal.notify());
      return job;
    });
  }
}
