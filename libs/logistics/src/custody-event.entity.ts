import { StaffEntity } from '@shanchou/identity';
import { ServiceNodeEntity } from '@shanchou/regions';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { ItemEntity } from './item.entity';
import { CustodyAction } from './logistics-enums';
import { ParcelEntity } from './parcel.entity';

/**
 * 交接记录: one step in the chain of custody of an item (item_id set) or a parcel (item_id null),
 * with who, where and when. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'custody_event' })
@Index('custody_event_item_idx', ['itemId', 'id'])
@Index('custody_event_parcel_idx', ['parcelId', 'id'])
export class CustodyEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  /** The transaction's time: every event of one step carries the same. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  @Column({ type: 'enum', enum: CustodyAction, enumName: 'custody_action' })
  action!: CustodyAction;

  @Column({ type: 'uuid', nullable: true })
  itemId!: string | null;

  @ManyToOne(() => ItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'custody_event_item_id_fkey' })
  item?: Relation<ItemEntity>;

  @Column({ type: 'uuid', nullable: true })
  parcelId!: string | null;

  @ManyToOne(() => ParcelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parcel_id', foreignKeyConstraintName: 'custody_event_parcel_id_fkey' })
  parcel?: Relation<ParcelEntity>;

  /** Where it happened. */
  @Column({ type: 'uuid' })
  nodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'node_id', foreignKeyConstraintName: 'custody_event_node_id_fkey' })
  node?: Relation<ServiceNodeEntity>;

  /** A dispatch's destination. */
  @Column({ type: 'uuid', nullable: true })
  toNodeId!: string | null;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_node_id', foreignKeyConstraintName: 'custody_event_to_node_id_fkey' })
  toNode?: Relation<ServiceNodeEntity>;

  @Column({ type: 'uuid' })
  actorStaffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_staff_id', foreignKeyConstraintName: 'custody_event_actor_staff_id_fkey' })
  actor?: Relation<StaffEntity>;

  /** The staff member's username then: staff-only, never in the public track. */
  @Column({ type: 'varchar', length: 64 })
  actorUsername!: string;

  /** Staff-only: may name people. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;
}
