import { RegionEntity } from '@shanchou/regions';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
} from 'typeorm';

/** A member of a household other than its head. */
export interface HouseholdMember {
  name: string;
  /** 关系: 配偶, 子女, 父母, … */
  relation: string;
}

/**
 * 建档立卡贫困户: a registered household of a village. Names and identity numbers are personal
 * data: shown in full only to the staff of its village and of that village's town.
 */
@Entity({ name: 'household' })
@Index('household_region_idx', ['regionId', 'code'])
@Check('household_member_count_check', 'member_count >= 1')
export class HouseholdEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The village's region code and a serial: `370404001001-003`. */
  @Index('household_code_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code!: string;

  /** The village. */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'household_region_id_fkey' })
  region?: Relation<RegionEntity>;

  /** 户主姓名 */
  @Column({ type: 'varchar', length: 32 })
  headName!: string;

  /** 户主身份证号 (GB 11643, 18 characters) */
  @Column({ type: 'varchar', length: 18, nullable: true })
  identityNumber!: string | null;

  @Column({ type: 'smallint' })
  memberCount!: number;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  members!: HouseholdMember[];

  /** What the household needs, in the village's words. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  needs!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
