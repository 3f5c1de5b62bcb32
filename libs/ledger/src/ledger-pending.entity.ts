import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { LedgerKind } from './ledger-kind';

/**
 * An entry queued by its movement's transaction, waiting for the sequencer: it has everything
 * public but its seq. Integration moves it to `ledger_entry` and deletes it here.
 */
@Entity({ name: 'ledger_pending' })
@Index('ledger_pending_campaign_idx', ['campaignId'], { where: 'campaign_id IS NOT NULL' })
@Check('ledger_pending_owner_check', '(owner IS NULL) = (owner_id IS NULL)')
export class LedgerPendingEntity {
  /** The order the sequencer takes entries in (among those committed when it looks). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'enum', enum: LedgerKind, enumName: 'ledger_kind' })
  kind!: LedgerKind;

  @Column({ type: 'bigint', nullable: true })
  amountFen!: string | null;

  @Column({ type: 'int', nullable: true })
  quantity!: number | null;

  @Column({ type: 'uuid', nullable: true })
  campaignId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  donor!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  memo!: string | null;

  /** When the movement wrote it, the last step before its commit. */
  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** The record that keeps this entry's seq (a donation, a match, an item): told on integration. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  owner!: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;
}

/** One row per campaign that has paid out: a debit locks its campaign's row, never the ledger. */
@Entity({ name: 'ledger_debit_lock' })
export class LedgerDebitLockEntity {
  @PrimaryColumn({ type: 'uuid' })
  campaignId!: string;
}
