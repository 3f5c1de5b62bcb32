import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { QueueName } from '../queue/queue-names';
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
  constructor(private readonly signal: OutboxSignal) {}

  async add(tx: EntityManager, message: OutboxMessage): Promise<string> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('OutboxService.add must be called inside a transaction');
    }
    const id = randomUUID();
    await tx.query(
      `INSERT INTO outbox_message (id, queue, job_name, job_key, payload, available_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now() + make_interval(secs => $6::double precision / 1000))`,
      [
        id,
        message.queue,
        message.jobName,
        message.jobKey ?? null,
        JSON.stringify(message.payload),
        message.delayMs ?? 0,
      ],
    );
    Transactions.afterCommit(tx, () => this.signal.notify());
    return id;
  }
}
