import {
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
import { CampaignEntity } from './campaign.entity';

export enum MatchPoolStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/**
 * 配捐池: a sponsor's pledge to match gifts to a campaign 1:1, up to a cap per donor and the
 * pool's total. matched_fen moves with every match and un-match, under the pool's row lock.
 */
@Entity({ name: 'match_pool' })
@Index('match_pool_campaign_idx', ['campaignId', 'createdAt'])
export class MatchPoolEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'match_pool_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  /** Shown in public: sponsors are organisations or people who chose to be named. */
  @Column({ type: 'varchar', length: 100 })
  sponsorName!: string;

  @Column({ type: 'bigint' })
  totalFen!: string;

  @Column({ type: 'bigint' })
  perDonorCapFen!: string;

  @Column({ type: 'bigint', default: 0 })
  matchedFen!: string;

  @Column({ type: 'enum', enum: MatchPoolStatus, enumName: 'match_pool_status', default: MatchPoolStatus.ACTIVE })
  status!: MatchPoolStatus;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  /** Whether the sponsor's pledge also matches gifts recorded offline (线下捐赠: remittances, cash at a centre). */
  @Column({ type: 'boolean', default: false })
  matchesOffline!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** How much of one pool one donor's gifts have drawn: the per-donor cap is checked against it. */
@Entity({ name: 'match_pool_donor' })
export class MatchPoolDonorEntity {
  @PrimaryColumn({ type: 'uuid' })
  poolId!: string;

  @ManyToOne(() => MatchPoolEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pool_id', foreignKeyConstraintName: 'match_pool_donor_pool_id_fkey' })
  pool?: Relation<MatchPoolEntity>;

  @PrimaryColumn({ type: 'uuid' })
  donorId!: string;

  @Column({ type: 'bigint' })
  matchedFen!: string;
}
