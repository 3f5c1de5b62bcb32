import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { BankColumnMapping, Reconciliation } from './bank-statement';

/** 列对应: which column of one bank's statement export holds what, saved once and reused each import. */
@Entity({ name: 'bank_statement_mapping' })
export class BankStatementMappingEntity {
  /** The bank as staff name it (中国农业银行峄城支行). */
  @PrimaryColumn({ type: 'varchar', length: 50 })
  bank!: string;

  @Column({ type: 'jsonb' })
  mapping!: BankColumnMapping;

  @Column({ type: 'uuid' })
  updatedBy!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** What one import of the receiving account's statement was matched against: kept for the record. */
export interface StoredBankReconciliation {
  matched: { remittanceId: string; line: Reconciliation['matched'][number]['line'] }[];
  amountDiffers: { remittanceId: string; line: Reconciliation['matched'][number]['line']; differenceFen: number }[];
  missingInRecords: Reconciliation['missingInRecords'];
  missingOnStatement: string[];
}

/** 银行流水对账: one statement imported, by whom, and what it matched (lines, not the file, are kept). */
@Entity({ name: 'bank_statement_import' })
@Index('bank_statement_import_imported_at_idx', ['importedAt'])
export class BankStatementImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  bank!: string;

  @Column({ type: 'varchar', length: 200 })
  fileName!: string;

  /** The days the statement covers (null: no transaction rows). */
  @Column({ type: 'date', nullable: true })
  fromDay!: string | null;

  @Column({ type: 'date', nullable: true })
  toDay!: string | null;

  /** Incoming transfers read. */
  @Column({ type: 'int' })
  lineCount!: number;

  @Column({ type: 'int' })
  skippedDebits!: number;

  @Column({ type: 'jsonb' })
  result!: StoredBankReconciliation;

  @Column({ type: 'uuid' })
  importedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt!: Date;
}
