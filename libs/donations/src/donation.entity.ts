import { CampaignEntity, MatchPoolEntity, OrganizationEntity } from '@shanchou/campaigns';
import { DonorEntity } from '@shanchou/identity';
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
import { DonationChannel } from './donation-channel';
import { DonationStatus } from './donation-status';
import { RemittanceEntity } from './remittance.entities';

/**
 * One gift: a WeChat Pay order whose out_trade_no is the receipt number, or a line of an offline
 * remittance (no donor account, no WeChat order: its remittance holds the voucher and the recorder).
 */
@Entity({ name: 'donation' })
@Index('donation_remittance_idx', ['remittanceId'], { where: 'remittance_id IS NOT NULL' })
@Check(
  'donation_channel_check',
  `(channel = 'WECHAT_PAY' AND donor_id IS NOT NULL AND remittance_id IS NULL) OR (channel <> 'WECHAT_PAY' AND remittance_id IS NOT NULL)`,
)
@Index('donation_donor_idx', ['donorId', 'createdAt'])
@Index('donation_unclaimed_phone_idx', ['giverPhoneHash'], {
  where: 'giver_phone_hash IS NOT NULL AND donor_id IS NULL',
})
@Index('donation_pending_idx', ['createdAt'], { where: "status = 'PENDING'" })
@Index('donation_paid_at_idx', ['paidAt'], { where: 'paid_at IS NOT NULL' })
@Index('donation_created_at_idx', ['createdAt', 'id'])
@Index('donation_refunded_at_idx', ['refundedAt'], { where: 'refunded_at IS NOT NULL' })
@Index('donation_refund_accepted_at_idx', ['refundAcceptedAt'], { where: 'refund_accepted_at IS NOT NULL' })
@Index('donation_refund_failed_at_idx', ['refundFailedAt'], { where: 'refund_failed_at IS NOT NULL' })
export class DonationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Also WeChat Pay's out_trade_no. */
  @Index('donation_receipt_no_key', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  receiptNo!: string;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'donation_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  /** The WeChat account that gave; null for an offline gift. */
  @Column({ type: 'uuid', nullable: true })
  donorId!: string | null;

  @ManyToOne(() => DonorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'donation_donor_id_fkey' })
  donor?: Relation<DonorEntity>;

  /** Given on behalf of this work unit or party branch, if any. */
  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'donation_organization_id_fkey' })
  organization?: Relation<OrganizationEntity> | null;

  @Column({ type: 'bigint' })
  amountFen!: string;

  @Column({ type: 'enum', enum: DonationChannel, enumName: 'donation_channel', default: DonationChannel.WECHAT_PAY })
  channel!: DonationChannel;

  /** The offline remittance this gift is a line of. */
  @Column({ type: 'uuid', nullable: true })
  remittanceId!: string | null;

  /**
   * An offline gift's giver's phone as PhoneIndex keeps it (a keyed hash), when they gave one: the
   * donor who proves that number by SMS finds the gift in 我的捐赠 (donorId is set then).
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  giverPhoneHash!: string | null;

  /** 138****1234 */
  @Column({ type: 'varchar', length: 11, nullable: true })
  giverPhoneMasked!: string | null;

  @ManyToOne(() => RemittanceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'remittance_id', foreignKeyConstraintName: 'donation_remittance_id_fkey' })
  remittance?: Relation<RemittanceEntity> | null;

  @Column({ type: 'enum', enum: DonationStatus, enumName: 'donation_status', default: DonationStatus.PENDING })
  status!: DonationStatus;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  /** Shown masked (张*), or 爱心人士 when anonymous. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  donorName!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  message!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  prepayId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  /** When WeChat Pay's refund succeeded (its success_time). */
  @Column({ type: 'timestamptz', nullable: true })
  refundedAt!: Date | null;

  /** The out_refund_no in force (every one ever used is in donation_refund). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  refundNo!: string | null;

  /** When WeChat Pay accepted that refund (its create_time): the day the trade bill dates the refund by. */
  @Column({ type: 'timestamptz', nullable: true })
  refundAcceptedAt!: Date | null;

  /** Why the refund failed (REFUND_FAILED), for the district admin. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  refundFailureReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundFailedAt!: Date | null;

  @Column({ type: 'bigint', nullable: true })
  ledgerSeq!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * Who gave, for counting an organisation's participants: the donor's WeChat account, or for an
 * offline gift the gift itself (each line of a remittance is one member who gave).
 */
/**
 * Who gave, for a unit's participation and a sponsor's per-donor cap: the donor of a WeChat gift;
 * an offline gift counts as its own giver, even once a donor claims it by phone, so what it added
 * when it was credited is what a reversal takes off.
 */
export function giverOf(d: Pick<DonationEntity, 'id' | 'donorId' | 'channel'>): string {
  return d.channel === DonationChannel.WECHAT_PAY && d.donorId ? d.donorId : d.id;
}

/** 配捐: one pool's match of one paid gift, with its MATCH entry, and its UNMATCH entry once refunded. */
@Entity({ name: 'donation_match' })
@Index('donation_match_donation_pool_key', ['donationId', 'poolId'], { unique: true })
export class DonationMatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  donationId!: string;

  @ManyToOne(() => DonationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'donation_match_donation_id_fkey' })
  donation?: Relation<DonationEntity>;

  @Index('donation_match_pool_idx')
  @Column({ type: 'uuid' })
  poolId!: string;

  @ManyToOne(() => MatchPoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'donation_match_pool_id_fkey' })
  pool?: Relation<MatchPoolEntity>;

  @Column({ type: 'bigint' })
  amountFen!: string;

  /** Its MATCH entry's seq: null until the sequencer integrates it. */
  @Column({ type: 'bigint', nullable: true })
  ledgerSeq!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  unmatchedAt!: Date | null;

  @Column({ type: 'bigint', nullable: true })
  unmatchLedgerSeq!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
