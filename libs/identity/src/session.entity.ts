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
} from 'typeorm';
import { DonorEntity } from './donor.entity';
import { StaffEntity } from './staff.entity';

/**
 * One signed-in session. The token names it; revoking the row (sign-out, password reset) or
 * disabling the staff member ends it at once, whatever the token's own expiry says.
 */
@Entity({ name: 'auth_session' })
@Check('auth_session_one_subject', '(staff_id IS NULL) <> (donor_id IS NULL)')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('auth_session_staff_id_idx')
  @Column({ type: 'uuid', nullable: true })
  staffId!: string | null;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'auth_session_staff_id_fkey' })
  staff?: Relation<StaffEntity> | null;

  @Index('auth_session_donor_id_idx')
  @Column({ type: 'uuid', nullable: true })
  donorId!: string | null;

  @ManyToOne(() => DonorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'auth_session_donor_id_fkey' })
  donor?: Relation<DonorEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientAddress!: string | null;
}
