import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LedgerEntryEntity } from '../ledger.entities';
import { LedgerPendingEntity } from '../ledger-pending.entity';

/** The sequencer's SQL: each step one statement, whatever the batch size. */
@Injectable()
export class SequencerRepository {
  /**
   * Locks the ledger's counter row and reads its size; null when another process holds it (it
   * is integrating): one sequencer at a time across every API and worker process.
   */
  async claim(tx: EntityManager): Promise<number | null> {
    const rows: { size: string }[] = await tx.query(
      'SELECT size FROM ledger_state WHERE id = 1 FOR UPDATE SKIP LOCKED',
    );
    return rows.length ? Number(rows[0].size) : null;
  }

  /** The oldest queued entries that have committed, in queue order. */
  async take(tx: EntityManager, limit: number): Promise<LedgerPendingEntity[]> {
    return tx.getRepository(LedgerPendingEntity).find({ order: { id: 'ASC' }, take: limit });
  }

  async insertEntries(tx: EntityManager, entries: LedgerEntryEntity[]): Promise<void> {
    await tx.query(
      `INSERT INTO ledger_entry (seq, kind, amount_fen, quantity, campaign_id, donor, memo, occurred_at, canonical, leaf_hash, pending_id)
       SELECT * FROM unnest($1::bigint[], $2::ledger_kind[], $3::bigint[], $4::int[], $5::uuid[], $6::varchar[],
                            $7::varchar[], $8::timestamptz[], $9::text[], $10::char(64)[], $11::bigint[])`,
      [
        entries.map((e) => e.seq),
        entries.map((e) => e.kind),
        entries.map((e) => e.amountFen),
        entries.map((e) => e.quantity),
        entries.map((e) => e.campaignId),
        entries.map((e) => e.donor),
        entries.map((e) => e.memo),
        entries.map((e) => e.occurredAt.toISOString()),
        entries.map((e) => e.canonical),
        entries.map((e) => e.leafHash),
        entries.map((e) => e.pendingId),
      ],
    );
  }

  async dequeue(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.query('DELETE FROM ledger_pending WHERE id = ANY($1::bigint[])', [ids]);
  }

  async setSize(tx: EntityManager, size: number): Promise<void> {
    await tx.query('UPDATE ledger_state SET size = $1 WHERE id = 1', [size]);
  }
}
