import { StaffEntity } from '@shanchou/identity';
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
import { OutreachEventEntity } from './outreach-event.entity';
import { SignUpStatus } from './outreach-kind';
import { VolunteerEntity } from './volunteer.entity';

export type CheckInMethod = 'QR_CODE' | 'STAFF';

/** 报名: a volunteer's seat at an event, or their place on its waitlist; later their attendance. */
@Entity({ name: 'event_sign_up' })
@Index('event_sign_up_event_volunteer_key', ['eventId', 'volunteerId'], { unique: true })
@Index('event_sign_up_queue_idx', ['eventId', 'status', 'signedUpAt'])
export class SignUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => OutreachEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_sign_up_event_id_fkey' })
  event?: Relation<OutreachEventEntity>;

  @Index('event_sign_up_volunteer_id_idx')
  @Column({ type: 'uuid' })
  volunteerId!: string;

  @ManyToOne(() => VolunteerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'event_sign_up_volunteer_id_fkey' })
  volunteer?: Relation<VolunteerEntity>;

  @Column({ type: 'enum', enum: SignUpStatus, enumName: 'sign_up_status' })
  status!: SignUpStatus;

  /** The waitlist's order: taken under the event's lock, so it is the order sign-ups happened in. */
  @Column({ type: 'timestamptz' })
  signedUpAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedOutAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  checkInMethod!: CheckInMethod | null;

  /** The staff member who checked the volunteer in (or out) by hand, when not by QR code. */
  @Column({ type: 'uuid', nullable: true })
  checkedInByStaffId!: string | null;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checked_in_by_staff_id', foreignKeyConstraintName: 'event_sign_up_checked_in_by_staff_id_fkey' })
  checkedInBy?: Relation<StaffEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
