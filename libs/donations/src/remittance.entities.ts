import { CampaignEntity, OrganizationEntity } from '@shanchou/campaigns';
import { RegionEntity } from '@shanchou/regions';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';
import { DonationChannel } from './donation-channel';

/**
 * AWAITING_CONFIRMATION (above the two-person threshold, no gifts yet) → CONFIRMED (its gifts are
 * paid). Found wrong: CONFIRMED → AWAITING_REVERSAL (above the threshold) → REVERSED (its gifts taken
 * off by reversing entries), or straight to REVERSED; one never confirmed is just REVERSED.
 */
export enum RemittanceStatus {
  AWAITING_CONFIRMATION = 'AWAITING_CONFIRMATION',
  CONFIRMED = 'CONFIRMED',
  AWAITING_REVERSAL = 'AWAITING_REVERSAL',
  REVERSED = 'REVERSED',
}

/**
 * 线下汇款: money a work unit or party branch remitted (a bank transfer, cash, a cheque), with its
 * voucher and the staff member who recorded it, split into one gift per line as the unit reported
 * it. Its gifts are written when it is confirmed: at once below the two-person threshold, by a
 * second district admin above it.
 */
@Entity({ name: 'remittance' })
@Index('remittance_channel_reference_key', ['channel', 'reference'], { unique: true, where: `status <> 'REVERSED'` })
@Index('remittance_campaign_idx', ['campaignId', 'receivedOn'])
@Check('remittance_amount_check', 'amount_fen > 0')
@Check('remittance_channel_check', `channel <> 'WECHAT_PAY'`)
@Check('remittance_confirmed_check', '(confirmed_at IS NULL) = (confirmed_by IS NULL)')
@Check(
  'remittance_second_person_check',
  'confirmed_by IS NULL OR confirmed_by <> recorded_by OR amount_fen <= threshold_fen',
)
@Check('remittance_reversal_check', '(reversal_requested_at IS NULL) = (reversal_reason IS NULL)')
@Check(
  'remittance_reversal_second_person_check',
  'reversed_by IS NULL OR reversed_by <> reversal_requested_by OR amount_fen <= threshold_fen OR confirmed_at IS NULL',
)
export class RemittanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The unit or branch that remitted it; null for one person's gift taken at a centre (recordOfflineGift). */
  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'remittance_organization_id_fkey' })
  organization?: Relation<OrganizationEntity> | null;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'remittance_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  /** The organisation's region, or the centre's where one person gave: whose staff see and confirm it. */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'remittance_region_id_fkey' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'bigint' })
  amountFen!: string;

  @Column({ type: 'enum', enum: DonationChannel, enumName: 'donation_channel' })
  channel!: DonationChannel;

  /** The day the money reached the receiving account or the centre (Shanghai calendar). */
  @Column({ type: 'date' })
  receivedOn!: string;

  /** The bank's reference (交易流水号) or the voucher number (收据号、支票号): one remittance each. */
  @Column({ type: 'varchar', length: 64 })
  reference!: string;

  /** The voucher's scan (POST /files, purpose attachment): no offline money without one. */
  @Column({ type: 'uuid' })
  voucherFileId!: string;

  @Column({ type: 'enum', enum: RemittanceStatus, enumName: 'remittance_status' })
  status!: RemittanceStatus;

  /** The two-person threshold in force when it was recorded: above it, a second person confirms. */
  @Column({ type: 'bigint' })
  thresholdFen!: string;

  /** The staff member who recorded it (as fund requests keep their filer). */
  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  confirmedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** 冲正: why it is being taken off (the unit's report was wrong, the money never came …). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reversalReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  reversalRequestedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reversalRequestedAt!: Date | null;

  /** Who carried the reversal out: above the threshold, a district admin other than the requester. */
  @Column({ type: 'uuid', nullable: true })
  reversedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;
}

/** One line of a remittance as the unit reported it: a member (named or anonymous), or the unit itself. */
@Entity({ name: 'remittance_line' })
@Check('remittance_line_amount_check', 'amount_fen > 0')
export class RemittanceLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  remittanceId!: string;

  @ManyToOne(() => RemittanceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'remittance_id', foreignKeyConstraintName: 'remittance_line_remittance_id_fkey' })
  remittance?: Relation<RemittanceEntity>;

  /** 1, 2, … in the order reported. */
  @PrimaryColumn({ type: 'int' })
  line!: number;

  /** The giver's name as reported (the public ledger masks it), or null for the unit's own gift. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  name!: string | null;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  @Column({ type: 'bigint' })
  amountFen!: string;

  /** The member's phone if the unit reported one, as PhoneIndex keeps it: their gift carries it. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  giverPhoneHash!: string | null;

  /** 138****1234 */
  @Column({ type: 'varchar', length: 11, nullable: true })
  giverPhoneMasked!: string | null;

  /** Its gift, once the remittance is confirmed. */
  @Index('remittance_line_donation_key', { unique: true, where: 'donation_id IS NOT NULL' })
  @Column({ type: 'uuid', nullable: true })
  donationId!: string | null;
}
