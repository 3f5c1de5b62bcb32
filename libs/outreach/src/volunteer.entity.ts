import { DonorEntity } from '@shanchou/identity';
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
import { VolunteerTeamEntity } from './volunteer-team.entity';

/** 志愿者、专家: a WeChat user (donor) who registered to serve at outreach events. */
@Entity({ name: 'volunteer' })
export class VolunteerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** One profile per WeChat user. */
  @Index('volunteer_donor_id_key', { unique: true })
  @Column({ type: 'uuid' })
  donorId!: string;

  @ManyToOne(() => DonorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'volunteer_donor_id_fkey' })
  donor?: Relation<DonorEntity>;

  @Column({ type: 'varchar', length: 32 })
  name!: string;

  /** Never public: the volunteer and the staff of their events only. */
  @Column({ type: 'varchar', length: 20 })
  phone!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills!: string[];

  /** 专长, for experts: "果树栽培", "心血管内科". */
  @Column({ type: 'varchar', length: 100, nullable: true })
  expertise!: string | null;

  @Index('volunteer_team_id_idx')
  @Column({ type: 'uuid', nullable: true })
  teamId!: string | null;

  @ManyToOne(() => VolunteerTeamEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'volunteer_team_id_fkey' })
  team?: Relation<VolunteerTeamEntity> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
