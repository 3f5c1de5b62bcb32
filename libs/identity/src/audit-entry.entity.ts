import { RegionEntity } from '@shanchou/regions';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { StaffEntity } from './staff.entity';

/**
 * Who did what, to which record, in which region, when — written in the transaction of the
 * change. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (see the migration).
 */
@Entity({ name: 'audit_entry' })
@Index('audit_entry_at_idx', ['at'])
@Index('audit_entry_actor_idx', ['actorStaffId', 'at'])
@Index('audit_entry_region_idx', ['regionId', 'at'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid' })
  actorStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_staff_id', foreignKeyConstraintName: 'audit_entry_actor_staff_id_fkey' })
  actor?: Relation<StaffEntity>;

  @Column({ type: 'varchar', length: 64 })
  actorUsername!: string;

  /** `staff.create`, `staff.disable`, … */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ type: 'varchar', length: 64 })
  targetId!: string;

  /** The region of the record changed. */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'audit_entry_region_id_fkey' })
  region?: Relation<RegionEntity>;

  /** The input, secrets removed. */
  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
