import { StaffEntity } from '@shanchou/identity';
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
import { HouseholdEntity } from './household.entity';
import { NeedStatus } from './logistics-enums';
import { ParcelEntity } from './parcel.entity';

/** 帮扶需求: what a village asks for, for a household or for the village; answered from stock above. */
@Entity({ name: 'goods_need' })
@Index('goods_need_region_idx', ['regionId', 'status'])
@Check('goods_need_quantity_check', 'quantity > 0')
export class NeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The village that posted it. */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'goods_need_region_id_fkey' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'uuid', nullable: true })
  householdId!: string | null;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'goods_need_household_id_fkey' })
  household?: Relation<HouseholdEntity>;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ type: 'enum', enum: NeedStatus, enumName: 'need_status', default: NeedStatus.OPEN })
  status!: NeedStatus;

  @Column({ type: 'uuid' })
  postedByStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'posted_by_staff_id', foreignKeyConstraintName: 'goods_need_posted_by_staff_id_fkey' })
  postedBy?: Relation<StaffEntity>;

  /** The parcel packed to answer it. */
  @Column({ type: 'uuid', nullable: true })
  parcelId!: string | null;

  @ManyToOne(() => ParcelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parcel_id', foreignKeyConstraintName: 'goods_need_parcel_id_fkey' })
  parcel?: Relation<ParcelEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
