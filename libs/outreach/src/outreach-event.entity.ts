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
import { EventStatus, OutreachKind } from './outreach-kind';

/** 科技、文化、送法、送医下乡: one outreach event in a village, with a number of volunteer seats. */
@Entity({ name: 'outreach_event' })
@Index('outreach_event_starts_at_idx', ['startsAt'])
@Index('outreach_event_region_idx', ['regionId', 'startsAt'])
@Check('outreach_event_times_check', '"ends_at" > "starts_at"')
@Check('outreach_event_capacity_check', '"capacity" > 0')
export class OutreachEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'enum', enum: OutreachKind, enumName: 'outreach_kind' })
  kind!: OutreachKind;

  /** The village (or town) the event serves; its staff and those above run it. */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'outreach_event_region_id_fkey' })
  region?: Relation<RegionEntity>;

  /** Where in the village: "村委会广场". */
  @Column({ type: 'varchar', length: 200 })
  place!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** 主办单位, who also issues the volunteers' certificates: "峄城区科学技术协会". */
  @Column({ type: 'varchar', length: 100 })
  organiser!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  neededSkills!: string[];

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  /** Volunteer seats; sign-ups beyond it wait in order. */
  @Column({ type: 'int' })
  capacity!: number;

  @Column({ type: 'enum', enum: EventStatus, enumName: 'outreach_event_status', default: EventStatus.SCHEDULED })
  status!: EventStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cancelReason!: string | null;

  /** Counts the edits volunteers were told about (iCalendar SEQUENCE). */
  @Column({ type: 'int', default: 0 })
  revision!: number;

  @Column({ type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_staff_id', foreignKeyConstraintName: 'outreach_event_created_by_staff_id_fkey' })
  createdBy?: Relation<StaffEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
