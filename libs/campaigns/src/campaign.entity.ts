import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CampaignKind, CampaignStatus } from './campaign-kind';

/** A fundraising campaign. Money in bigint fen; raised_fen and donation_count move with each gift. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('campaign_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'enum', enum: CampaignKind, enumName: 'campaign_kind' })
  kind!: CampaignKind;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  story!: string | null;

  @Column({ type: 'enum', enum: CampaignStatus, enumName: 'campaign_status', default: CampaignStatus.DRAFT })
  status!: CampaignStatus;

  @Column({ type: 'bigint', nullable: true })
  goalFen!: string | null;

  @Column({ type: 'bigint', default: 0 })
  raisedFen!: string;

  @Column({ type: 'int', default: 0 })
  donationCount!: number;

  /** PARTY_DUES: 100. Null: the donor chooses. */
  @Column({ type: 'bigint', nullable: true })
  fixedAmountFen!: string | null;

  @Column({ type: 'bigint', array: true, default: () => "'{}'" })
  suggestedAmountsFen!: string[];

  @Column({ type: 'bigint', default: 1 })
  minAmountFen!: string;

  @Column({ type: 'bigint', default: 5_000_000 })
  maxAmountFen!: string;

  @Column({ type: 'timestamptz', nullable: true })
  startsAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endsAt!: Date | null;

  /** A PROJECT may serve one region (a village). */
  @Column({ type: 'uuid', nullable: true })
  regionId!: string | null;

  /** The cover image (a campaign-image stored file); null: none yet. */
  @Column({ type: 'uuid', nullable: true })
  coverImageId!: string | null;

  /** The gallery (campaign-image stored files), in the order shown. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  imageIds!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
