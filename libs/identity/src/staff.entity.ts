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
  UpdateDateColumn,
} from 'typeorm';
import { Role } from './role';

/** A staff member of a centre: acts only inside the subtree of their region. */
@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower case; unique. */
  @Index('staff_username_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'enum', enum: Role, enumName: 'staff_role' })
  role!: Role;

  @Index('staff_region_id_idx')
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'staff_region_id_fkey' })
  region?: Relation<RegionEntity>;

  /** scrypt, self-describing: `scrypt$N$r$p$salt$hash`. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** The WeChat openid the member bound (for notices meant for staff); one member per openid. Never shown. */
  @Index('staff_wechat_openid_key', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  wechatOpenid!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
