import { CampaignEntity } from '@shanchou/campaigns';
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
  UpdateDateColumn,
} from 'typeorm';
import { FundRequestStatus, PayeeKind } from './fund-request-status';

/**
 * 项目资金申请: money asked of a campaign for a project of a region, passed through the six gates.
 * Who did each gate is kept here (for the two-person rules) and, with the time and note, as a step.
 */
@Entity({ name: 'fund_request' })
@Index('fund_request_region_idx', ['regionId', 'status'])
@Index('fund_request_notice_idx', ['publicUntil'], { where: `status = 'PUBLICIZED'` })
@Check('fund_request_amount_check', 'amount_fen > 0')
export class FundRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** ZJ + the Shanghai day it was filed + a number of that day: ZJ202612030001. */
  @Index('fund_request_code_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  code!: string;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'fund_request_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  /** The region the money is for (a village, a town, the district). */
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fund_request_region_id_fkey' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** 用途: what the money is for, as the notice shows it. */
  @Column({ type: 'varchar', length: 2000 })
  purpose!: string;

  /** 预算明细: the budget's lines, when given. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  budget!: string | null;

  @Column({ type: 'bigint' })
  amountFen!: string;

  @Column({ type: 'enum', enum: FundRequestStatus, enumName: 'fund_request_status', default: FundRequestStatus.FILED })
  status!: FundRequestStatus;

  /** 公示 ends: set by publicize (now + days); approval waits until it has passed. */
  @Column({ type: 'timestamptz', nullable: true })
  publicUntil!: Date | null;

  /** 监督电话 of the notice, as it was when the request was publicized. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  supervisionPhone!: string | null;

  @Column({ type: 'uuid' })
  filedByStaffId!: string;

  @Column({ type: 'uuid', nullable: true })
  reviewedByStaffId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  approvedByStaffId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  payee!: string | null;

  @Column({ type: 'enum', enum: PayeeKind, enumName: 'fund_payee_kind', nullable: true })
  payeeKind!: PayeeKind | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  voucherNo!: string | null;

  /** The seq of its DISBURSEMENT in the public ledger, written by the sequencer. */
  @Column({ type: 'bigint', nullable: true })
  ledgerSeq!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** One gate passed (or the rejection): when, by whom, with what note. Never changed. */
@Entity({ name: 'fund_request_step' })
@Index('fund_request_step_request_idx', ['fundRequestId', 'at'])
export class FundRequestStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fundRequestId!: string;

  @ManyToOne(() => FundRequestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fund_request_id', foreignKeyConstraintName: 'fund_request_step_request_id_fkey' })
  fundRequest?: Relation<FundRequestEntity>;

  /** The status the gate led to. */
  @Column({ type: 'enum', enum: FundRequestStatus, enumName: 'fund_request_status' })
  status!: FundRequestStatus;

  @Column({ type: 'uuid' })
  actorStaffId!: string;

  /** The staff member's name then (masked for the public). */
  @Column({ type: 'varchar', length: 64 })
  actorName!: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

/** 异议: an objection raised during 公示 (by anyone, or recorded by staff), and its answer. */
@Entity({ name: 'fund_request_objection' })
@Index('fund_request_objection_request_idx', ['fundRequestId'])
@Check('fund_request_objection_answer_check', '(answered_at IS NULL) = (answer IS NULL)')
export class FundRequestObjectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fundRequestId!: string;

  @ManyToOne(() => FundRequestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fund_request_id', foreignKeyConstraintName: 'fund_request_objection_request_id_fkey' })
  fundRequest?: Relation<FundRequestEntity>;

  @Column({ type: 'varchar', length: 1000 })
  text!: string;

  /** A phone to call back on: staff only, never in public. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  /** The staff member who recorded it (a call to the supervision phone), or null from the public page. */
  @Column({ type: 'uuid', nullable: true })
  recordedByStaffId!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  answer!: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredByStaffId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A file attached at a gate: the budget and plans (上报), invoices (报账), photos (验收). */
@Entity({ name: 'fund_request_attachment' })
export class FundRequestAttachmentEntity {
  @PrimaryColumn({ type: 'uuid' })
  fundRequestId!: string;

  @ManyToOne(() => FundRequestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'fund_request_id', foreignKeyConstraintName: 'fund_request_attachment_request_id_fkey' })
  fundRequest?: Relation<FundRequestEntity>;

  @PrimaryColumn({ type: 'uuid' })
  fileId!: string;

  /** The gate it was attached at. */
  @Column({ type: 'enum', enum: FundRequestStatus, enumName: 'fund_request_status' })
  status!: FundRequestStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  attachedAt!: Date;
}

export const FUND_ENTITIES = [
  FundRequestEntity,
  FundRequestStepEntity,
  FundRequestObjectionEntity,
  FundRequestAttachmentEntity,
];
