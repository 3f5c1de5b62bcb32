import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { QueueName } from '../queue/queue-names';
import { OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

export interface OutboxMessage {
  queue: QueueName;
  jobName: string;
  /** Ids, not objects (STYLE.md habit 8). */
  payload: Record<string, unknown>;
  delayMs?: number;
  /** A business key to use as the job id instead of the row id: rows with one key run one job. */
  jobKey?: string;
}

/** Producers write here, inside their own transaction; the relay moves rows to the queue. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly signal: OutboxSignal,
    private readonly rows: OutboxRepository,
  ) {}

  async add(tx: EntityManager, message: OutboxMessage): Promise<string> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must be called inside a transaction');
    }
    const id = randomUUID();
    await this.rows.insert(tx, {
      id,
      queue: message.queue,
      jobName: message.jobName,
      jobKey: message.jobKey ?? null,
      payload: message.payload,
      delayMs: message.delayMs ?? 0,
    });
    Transactions.afterCommit(tx, () => this.signal.notify());
    return id;
  }

  /**
   * For sweepers: of these job keys, those some row still holds — open (waiting, handed over,
   * retrying) or dead (left to a district admin). The others have no live job.
   */
  keysInHand(queue: QueueName, keys: string[]): Promise<Set<string>> {
    return this.rows.keysInHand(queue, keys);
  }

  /** For sweepers: of these job keys, those any row carried (done ones are kept a week). */
  keysSeen(queue: QueueName, keys: string[]): Promise<Set<string>> {
    return this.rows.keysSeen(queue, keys);
  }
}
