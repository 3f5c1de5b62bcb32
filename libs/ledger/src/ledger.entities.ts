import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { LedgerKeyEntity } from './ledger-key.entity';
import { LedgerKind } from './ledger-kind';

/** One public ledger entry. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
@Entity({ name: 'ledger_entry' })
@Index('ledger_entry_campaign_idx', ['campaignId', 'seq'])
@Index('ledger_entry_pending_idx', ['pendingId'], { unique: true, where: 'pending_id IS NOT NULL' })
export class LedgerEntryEntity {
  /** Gapless from 0; also the leaf index. */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'enum', enum: LedgerKind, enumName: 'ledger_kind' })
  kind!: LedgerKind;

  /** Signed fen: money in is positive, money out negative. */
  @Column({ type: 'bigint', nullable: true })
  amountFen!: string | null;

  @Column({ type: 'int', nullable: true })
  quantity!: number | null;

  @Column({ type: 'uuid', nullable: true })
  campaignId!: string | null;

  /** Masked (张*), or 爱心人士 for an anonymous gift. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  donor!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  memo!: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** The exact UTF-8 text hashed for the leaf. */
  @Column({ type: 'text' })
  canonical!: string;

  @Column({ type: 'char', length: 64 })
  leafHash!: string;

  /** The queued entry it was integrated from (null before the ledger was a batched log). */
  @Column({ type: 'bigint', nullable: true })
  pendingId!: string | null;
}

/** A perfect subtree of the Merkle tree: leaves [index·2^level, (index+1)·2^level). */
@Entity({ name: 'ledger_node' })
export class LedgerNodeEntity {
  @PrimaryColumn({ type: 'smallint' })
  level!: number;

  @PrimaryColumn({ type: 'bigint' })
  index!: string;

  @Column({ type: 'bytea' })
  hash!: Buffer;
}

/** The ledger's one counter row: its integrated size. The sequencer locks it: one at a time, gapless. */
@Entity({ name: 'ledger_state' })
@Check('ledger_state_single_row', 'id = 1')
export class LedgerStateEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'bigint' })
  size!: string;
}

/** A signed tree head, as published; the history is kept so anyone can check consistency. */
@Entity({ name: 'ledger_tree_head' })
@Index('ledger_tree_head_key_idx', ['keyId', 'treeSize'])
export class LedgerTreeHeadEntity {
  @PrimaryColumn({ type: 'bigint' })
  treeSize!: string;

  @Column({ type: 'char', length: 64 })
  rootHash!: string;

  /** The signed timestamp, to the millisecond. */
  @Column({ type: 'timestamptz' })
  signedAt!: Date;

  /** base64 Ed25519. */
  @Column({ type: 'text' })
  signature!: string;

  /**
   * The key that signed it. Null only for a head signed before heads named their key, until a
   * process names it (LedgerKeys.nameUnnamedHeads: the one known key its signature verifies with).
   */
  @Column({ type: 'char', length: 64, nullable: true })
  keyId!: string | null;

  @ManyToOne(() => LedgerKeyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'key_id', foreignKeyConstraintName: 'ledger_tree_head_key_id_fkey' })
  key?: Relation<LedgerKeyEntity> | null;
}
