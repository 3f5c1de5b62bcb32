import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ReconciliationDifferenceKind, ReconciliationStatus } from './reconciliation-status';

/** 对账: the latest reconciliation of one business day with WeChat Pay's trade bill; a rerun replaces it. */
@Entity({ name: 'reconciliation_run' })
export class ReconciliationRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The Asia/Shanghai day reconciled, YYYY-MM-DD. */
  @Index('reconciliation_run_business_date_key', { unique: true })
  @Column({ type: 'date' })
  businessDate!: string;

  @Column({ type: 'enum', enum: ReconciliationStatus, enumName: 'reconciliation_status' })
  status!: ReconciliationStatus;

  /** Why a FAILED run could not compare (no bill, a damaged download, an unreadable file). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** SHA-1 of the bill file as WeChat Pay signed it (and as downloaded); null without a bill. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  billSha1!: string | null;

  @Column({ type: 'int' })
  ourPaymentCount!: number;

  @Column({ type: 'bigint' })
  ourPaymentFen!: string;

  @Column({ type: 'int' })
  ourRefundCount!: number;

  @Column({ type: 'bigint' })
  ourRefundFen!: string;

  /** The bill's side; null when the run FAILED before the bill could be read. */
  @Column({ type: 'int', nullable: true })
  billPaymentCount!: number | null;

  @Column({ type: 'bigint', nullable: true })
  billPaymentFen!: string | null;

  @Column({ type: 'int', nullable: true })
  billRefundCount!: number | null;

  @Column({ type: 'bigint', nullable: true })
  billRefundFen!: string | null;

  @Column({ type: 'int' })
  differenceCount!: number;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz' })
  finishedAt!: Date;
}

/** 对账差异: one trade on which our records and the bill disagree. */
@Entity({ name: 'reconciliation_difference' })
@Index('reconciliation_difference_run_idx', ['runId', 'outTradeNo'])
export class ReconciliationDifferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  runId!: string;

  @ManyToOne(() => ReconciliationRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'reconciliation_difference_run_id_fkey' })
  run?: Relation<ReconciliationRunEntity>;

  @Column({ type: 'enum', enum: ReconciliationDifferenceKind, enumName: 'reconciliation_difference_kind' })
  kind!: ReconciliationDifferenceKind;

  /** 商户订单号: our receipt number, or whatever the bill says. */
  @Column({ type: 'varchar', length: 64 })
  outTradeNo!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outRefundNo!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  ourAmountFen!: string | null;

  @Column({ type: 'bigint', nullable: true })
  billAmountFen!: string | null;

  @Column({ type: 'varchar', length: 200 })
  note!: string;
}

/**
 * 差异处理说明: how a district admin resolved one difference. Keyed by the day and the trade, not
 * by the difference row, which a rerun of the day replaces: the note stays with the trade.
 */
@Entity({ name: 'reconciliation_resolution' })
@Index('reconciliation_resolution_trade_key', ['businessDate', 'kind', 'outTradeNo', 'outRefundNo'], { unique: true })
export class ReconciliationResolutionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'reconciliation_resolution_pkey' })
  id!: string;

  @Column({ type: 'date' })
  businessDate!: string;

  @Column({ type: 'enum', enum: ReconciliationDifferenceKind, enumName: 'reconciliation_difference_kind' })
  kind!: ReconciliationDifferenceKind;

  @Column({ type: 'varchar', length: 64 })
  outTradeNo!: string;

  /** '' for a payment: a unique key cannot hold NULL as one value. */
  @Column({ type: 'varchar', length: 64, default: '' })
  outRefundNo!: string;

  @Column({ type: 'varchar', length: 500 })
  note!: string;

  @Column({ type: 'uuid' })
  resolvedByStaffId!: string;

  /** The staff member's username when they wrote the note. */
  @Column({ type: 'varchar', length: 64 })
  resolvedBy!: string;

  @Column({ type: 'timestamptz' })
  resolvedAt!: Date;
}
