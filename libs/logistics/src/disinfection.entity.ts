import { StaffEntity } from '@shanchou/identity';
import { ServiceNodeEntity } from '@shanchou/regions';
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
} from 'typeorm';
import { ItemEntity } from './item.entity';
import { DisinfectionMethod } from './logistics-enums';

/** 消毒记录: one disinfection run over several items at a centre. Append-only. */
@Entity({ name: 'disinfection_record' })
@Index('disinfection_record_node_idx', ['nodeId', 'performedAt'])
export class DisinfectionRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  nodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'node_id', foreignKeyConstraintName: 'disinfection_record_node_id_fkey' })
  node?: Relation<ServiceNodeEntity>;

  @Column({ type: 'enum', enum: DisinfectionMethod, enumName: 'disinfection_method' })
  method!: DisinfectionMethod;

  /** The agent or its batch (消毒剂/批号), when there is one. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  agent!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** The operator: the staff member who recorded it. */
  @Column({ type: 'uuid' })
  operatorStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'operator_staff_id', foreignKeyConstraintName: 'disinfection_record_operator_staff_id_fkey' })
  operator?: Relation<StaffEntity>;

  @Column({ type: 'timestamptz' })
  performedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt!: Date;
}

@Entity({ name: 'disinfection_item' })
@Index('disinfection_item_item_idx', ['itemId'])
export class DisinfectionItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  recordId!: string;

  @ManyToOne(() => DisinfectionRecordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'record_id', foreignKeyConstraintName: 'disinfection_item_record_id_fkey' })
  record?: Relation<DisinfectionRecordEntity>;

  @PrimaryColumn({ type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => ItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'disinfection_item_item_id_fkey' })
  item?: Relation<ItemEntity>;
}
