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
import { DonationEntity } from './donation.entity';

/**
 * Where one refund request stands, as WeChat Pay last said: REQUESTED (sent, no answer yet),
 * PROCESSING, SUCCESS, ABNORMAL (退款异常: the bank refused; sent again under the same number),
 * CLOSED (退款关闭: final; a new number is needed) or REFUSED (WeChat refused the application).
 */
export enum RefundState {
  REQUESTED = 'REQUESTED',
  PROCESSING = 'PROCESSING',
  SUCCESS = 'SUCCESS',
  ABNORMAL = 'ABNORMAL',
  CLOSED = 'CLOSED',
  REFUSED = 'REFUSED',
}

/**
 * Every out_refund_no a donation ever sent to WeChat Pay, so a notification or query answer for
 * any of them is matched to its donation; a donation's `refundNo` names the one in force.
 */
@Entity({ name: 'donation_refund' })
@Index('donation_refund_donation_idx', ['donationId', 'createdAt'])
export class DonationRefundEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  donationId!: string;

  @ManyToOne(() => DonationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'donation_refund_donation_id_fkey' })
  donation?: Relation<DonationEntity>;

  /** 商户退款单号 */
  @Index('donation_refund_out_refund_no_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  outRefundNo!: string;

  /** 微信支付退款单号, once WeChat accepted it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  refundId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  state!: RefundState;

  /** The reason sent to WeChat (and sent again, unchanged, when the request is repeated). */
  @Column({ type: 'varchar', length: 80 })
  reason!: string;

  /** Why it failed, in words a district admin reads. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  failureReason!: string | null;

  /** How many times it was sent (申请退款, or 发起异常退款 after ABNORMAL): the query job's key counts them. */
  @Column({ type: 'int', default: 1 })
  submissions!: number;

  /** Who asked for the refund (or its retry), for the audit of what WeChat does with it. */
  @Column({ type: 'uuid', nullable: true })
  requestedByStaffId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestedByUsername!: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedInRegionId!: string | null;

  /** WeChat's create_time: when it accepted the refund, the day its trade bill dates the refund by. */
  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  succeededAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  /** When it was last sent again: a failure notification written before this is about the earlier try. */
  @Column({ type: 'timestamptz', nullable: true })
  resubmittedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
