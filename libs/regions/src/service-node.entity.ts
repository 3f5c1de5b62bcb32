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
import { RegionEntity } from './region.entity';
import { NodeKind } from './region-level';

/** The centre that serves a region: where goods are registered, stored, packed and handed on. */
@Entity({ name: 'service_node' })
export class ServiceNodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'enum', enum: NodeKind, enumName: 'node_kind' })
  kind!: NodeKind;

  /** One node per region. */
  @Index('service_node_region_id_key', { unique: true })
  @Column({ type: 'uuid' })
  regionId!: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'service_node_region_id_fkey' })
  region?: Relation<RegionEntity>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
