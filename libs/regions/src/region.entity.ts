import {
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
import { RegionLevel } from './region-level';

/** A district, town/street or village/community; owns the records that belong to it. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('region_code_key', { unique: true })
  @Column({ type: 'varchar', length: 12 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level!: RegionLevel;

  @Index('region_parent_id_idx')
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => RegionEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'region_parent_id_fkey' })
  parent?: Relation<RegionEntity> | null;

  /**
   * The codes from the root down, joined by '/': `370404/370404001/370404001001`. A subtree is
   * one indexed prefix match (`C` collation: byte order, so LIKE 'prefix%' uses the index).
   */
  @Index('region_path_idx')
  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
