import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { CampaignEntity } from './campaign.entity';

/** 项目进展: a dated progress update on a campaign's page, text (Markdown) and photos. */
@Entity({ name: 'campaign_update' })
@Index('campaign_update_campaign_idx', ['campaignId', 'publishedAt'])
export class CampaignUpdateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'campaign_update_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** Markdown, kept as written; pages render it safely (no raw HTML). */
  @Column({ type: 'text' })
  body!: string;

  /** Campaign images (stored files), in the order shown. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  imageIds!: string[];

  @Column({ type: 'uuid' })
  publishedBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;
}
