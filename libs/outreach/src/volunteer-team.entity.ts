import { RegionEntity } from '@shanchou/regions';
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
import { TeamKind } from './outreach-kind';
import { VolunteerEntity } from './volunteer.entity';

/** 群团组织或志愿者队伍: a team volunteers join, led by one of them. */
@Entity({ name: 'volunteer_team' })
export class VolunteerTeamEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('volunteer_team_name_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'enum', enum: TeamKind, enumName: 'volunteer_team_kind' })
  kind!: TeamKind;

  /** The region the team belongs to: its staff manage it. */
  @Index('volunteer_team_region_id_idx')
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'volunteer_team_region_id_fkey' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'uuid', nullable: true })
  leaderVolunteerId!: string | null;

  @ManyToOne(() => VolunteerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'leader_volunteer_id', foreignKeyConstraintName: 'volunteer_team_leader_volunteer_id_fkey' })
  leader?: Relation<VolunteerEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
