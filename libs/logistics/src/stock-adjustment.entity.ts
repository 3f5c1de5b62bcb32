import { StaffEntity } from '@shanchou/identity';
import { ServiceNodeEntity } from '@shanchou/regions';
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
import { ItemEntity } from './item.entity';

/** 盘点调整: a stock-take found less of an item than recorded. Append-only. */
@Entity({ name: 'stock_adjustment' })
@Index('stock_adjustment_node_idx', ['nodeId', 'at'])
@Index('stock_adjustment_item_idx', ['itemId'])
export class StockAdjustmentEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => ItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'stock_adjustment_item_id_fkey' })
  item?: Relation<ItemEntity>;

  @Column({ type: 'uuid' })
  nodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'node_id', foreignKeyConstraintName: 'stock_adjustment_node_id_fkey' })
  node?: Relation<ServiceNodeEntity>;

  @Column({ type: 'int' })
  fromQuantity!: number;

  @Column({ type: 'int' })
  toQuantity!: number;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ type: 'uuid' })
  actorStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_staff_id', foreignKeyConstraintName: 'stock_adjustment_actor_staff_id_fkey' })
  actor?: Relation<StaffEntity>;

  @Column({ type: 'varchar', length: 64 })
  actorUsername!: string;
}
