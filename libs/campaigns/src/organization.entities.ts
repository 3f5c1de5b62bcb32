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
import { OrganizationKind } from './organization-kind';

/** A work unit (单位) or party branch (党支部), in a region. */
@Entity({ name: 'organization' })
@Index('organization_region_name_key', ['regionId', 'name'], { unique: true })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'enum', enum: OrganizationKind, enumName: 'organization_kind' })
  kind!: OrganizationKind;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'uuid' })
  regionId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** 花名册: the members an organisation counts for one campaign; replaced whole on each import. */
@Entity({ name: 'campaign_roster' })
export class CampaignRosterEntity {
  @PrimaryColumn({ type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'campaign_roster_campaign_id_fkey' })
  campaign?: Relation<CampaignEntity>;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'campaign_roster_organization_id_fkey' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'uuid' })
  importedBy!: string;

  @Column({ type: 'timestamptz' })
  importedAt!: Date;
}

/**
 * One roster line: a name and the organisation's own member number. Phone numbers in the file
 * are used only to tell two people of the same name apart, and are not kept.
 */
@Entity({ name: 'roster_member' })
@Index('roster_member_roster_idx', ['campaignId', 'organizationId'])
export class RosterMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  campaignId!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => CampaignRosterEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'campaign_id', referencedColumnName: 'campaignId', foreignKeyConstraintName: 'roster_member_roster_fkey' },
    { name: 'organization_id', referencedColumnName: 'organizationId' },
  ])
  roster?: Relation<CampaignRosterEntity>;

  @Column({ type: 'int' })
  line!: number;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  memberNo!: string | null;
}

/** An organisation's running totals in one campaign, moved in the same transaction as each gift. */
@Entity({ name: 'organization_tally' })
@Index('organization_tally_campaign_idx', ['campaignId'])
export class OrganizationTallyEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  campaignId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'organization_tally_organization_id_fkey' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'bigint', default: 0 })
  raisedFen!: string;

  @Column({ type: 'int', default: 0 })
  donationCount!: number;

  /** Distinct donors with at least one paid, unrefunded gift. */
  @Column({ type: 'int', default: 0 })
  donorCount!: number;
}

/** How many paid gifts one donor has given on behalf of an organisation in a campaign. */
@Entity({ name: 'organization_donor' })
export class OrganizationDonorEntity {
  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  campaignId!: string;

  @PrimaryColumn({ type: 'uuid' })
  donorId!: string;

  @Column({ type: 'int' })
  gifts!: number;
}
