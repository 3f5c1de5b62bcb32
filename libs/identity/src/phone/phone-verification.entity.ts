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
import { DonorEntity } from '../donor.entity';

/**
 * One verification code sent by SMS to a number a donor says is theirs. The code itself is never
 * kept: only its HMAC, bound to this row. Rows are the throttle's memory too (how many codes a
 * donor or a number had today), so they outlive their five minutes for a day.
 */
@Entity({ name: 'phone_verification' })
@Index('phone_verification_donor_idx', ['donorId', 'createdAt'])
@Index('phone_verification_phone_idx', ['phoneHash', 'createdAt'])
export class PhoneVerificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  donorId!: string;

  @ManyToOne(() => DonorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'phone_verification_donor_id_fkey' })
  donor?: Relation<DonorEntity>;

  @Column({ type: 'varchar', length: 64 })
  phoneHash!: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  /** Wrong codes typed against it; at PHONE_CODE_ATTEMPTS it is dead. */
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
