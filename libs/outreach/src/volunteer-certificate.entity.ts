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
import { SignUpEntity } from './sign-up.entity';
import { VolunteerEntity } from './volunteer.entity';

/**
 * 志愿服务证明, issued free as the 志愿服务记录与证明出具办法 asks: who served, at what, when, how
 * long, and who issues it. A snapshot: it reads the same however the records change later.
 */
@Entity({ name: 'volunteer_certificate' })
export class VolunteerCertificateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Printed on the certificate; anyone can look it up to verify it. */
  @Index('volunteer_certificate_no_key', { unique: true })
  @Column({ type: 'varchar', length: 24 })
  certificateNo!: string;

  /** One certificate per attended event. */
  @Index('volunteer_certificate_sign_up_id_key', { unique: true })
  @Column({ type: 'uuid' })
  signUpId!: string;

  @ManyToOne(() => SignUpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sign_up_id', foreignKeyConstraintName: 'volunteer_certificate_sign_up_id_fkey' })
  signUp?: Relation<SignUpEntity>;

  @Index('volunteer_certificate_volunteer_id_idx')
  @Column({ type: 'uuid' })
  volunteerId!: string;

  @ManyToOne(() => VolunteerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'volunteer_id', foreignKeyConstraintName: 'volunteer_certificate_volunteer_id_fkey' })
  volunteer?: Relation<VolunteerEntity>;

  @Column({ type: 'uuid' })
  eventId!: string;

  @Column({ type: 'varchar', length: 32 })
  volunteerName!: string;

  @Column({ type: 'varchar', length: 100 })
  eventTitle!: string;

  /** The OutreachKind at issue. */
  @Column({ type: 'varchar', length: 16 })
  eventKind!: string;

  @Column({ type: 'varchar', length: 64 })
  regionName!: string;

  @Column({ type: 'varchar', length: 200 })
  place!: string;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'timestamptz' })
  checkedInAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  checkedOutAt!: Date | null;

  @Column({ type: 'int' })
  serviceMinutes!: number;

  /** The organiser (主办单位) in whose name the platform issues it. */
  @Column({ type: 'varchar', length: 100 })
  issuedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  issuedAt!: Date;
}
