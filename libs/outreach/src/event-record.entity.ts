import { StaffEntity } from '@shanchou/identity';
import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, Relation, UpdateDateColumn } from 'typeorm';
import { OutreachEventEntity } from './outreach-event.entity';

/** One line of what an event delivered: "义诊" 120 "人次". */
export interface ServiceLine {
  name: string;
  quantity: number | null;
  unit: string | null;
}

/** The most photos one record shows (uploaded ones; as many addresses again from older callers). */
export const EVENT_PHOTOS_MAX = 30;

/** 活动记录: what an event delivered, filed by staff after it ended. */
@Entity({ name: 'outreach_event_record' })
export class EventRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  eventId!: string;

  @OneToOne(() => OutreachEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'outreach_event_record_event_id_fkey' })
  event?: Relation<OutreachEventEntity>;

  /** 服务群众人次. */
  @Column({ type: 'int' })
  peopleServed!: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  services!: ServiceLine[];

  /** Photo addresses (https) typed in by older callers, kept with the record. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  photoUrls!: string[];

  /** The uploaded photos (event-photo stored files, public), in the order shown. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  photoIds!: string[];

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'uuid' })
  recordedByStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'recorded_by_staff_id',
    foreignKeyConstraintName: 'outreach_event_record_recorded_by_staff_id_fkey',
  })
  recordedBy?: Relation<StaffEntity>;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
