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
  UpdateDateColumn,
} from 'typeorm';
import { DeliveryEntity } from './delivery.entity';
import { ItemEntity } from './item.entity';
import { ParcelStatus } from './logistics-enums';
import { NeedEntity } from './need.entity';

/** 包裹: items packed together at a centre and moved between neighbouring centres as one. */
@Entity({ name: 'goods_parcel' })
@Index('goods_parcel_current_node_idx', ['currentNodeId', 'status'])
@Index('goods_parcel_to_node_idx', ['toNodeId', 'status'])
@Index('goods_parcel_from_node_idx', ['fromNodeId'])
export class ParcelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('goods_parcel_code_key', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'enum', enum: ParcelStatus, enumName: 'parcel_status' })
  status!: ParcelStatus;

  /** Where it was packed. */
  @Column({ type: 'uuid' })
  packedNodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'packed_node_id', foreignKeyConstraintName: 'goods_parcel_packed_node_id_fkey' })
  packedNode?: Relation<ServiceNodeEntity>;

  /** The last dispatch: from here … */
  @Column({ type: 'uuid', nullable: true })
  fromNodeId!: string | null;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_node_id', foreignKeyConstraintName: 'goods_parcel_from_node_id_fkey' })
  fromNode?: Relation<ServiceNodeEntity>;

  /** … to here. */
  @Column({ type: 'uuid', nullable: true })
  toNodeId!: string | null;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_node_id', foreignKeyConstraintName: 'goods_parcel_to_node_id_fkey' })
  toNode?: Relation<ServiceNodeEntity>;

  /** The centre holding it; null while in transit and once delivered. */
  @Column({ type: 'uuid', nullable: true })
  currentNodeId!: string | null;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'current_node_id', foreignKeyConstraintName: 'goods_parcel_current_node_id_fkey' })
  currentNode?: Relation<ServiceNodeEntity>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  /** The village need (帮扶需求) this parcel answers. */
  @Column({ type: 'uuid', nullable: true })
  needId!: string | null;

  @ManyToOne(() => NeedEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'need_id', foreignKeyConstraintName: 'goods_parcel_need_id_fkey' })
  need?: Relation<NeedEntity>;

  @Column({ type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @ManyToOne(() => DeliveryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'goods_parcel_delivery_id_fkey' })
  delivery?: Relation<DeliveryEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  packedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** Every item a parcel ever carried: the contents stay on record after unpacking. */
@Entity({ name: 'goods_parcel_item' })
@Index('goods_parcel_item_item_idx', ['itemId'])
export class ParcelItemEntity {
  @PrimaryColumn({ type: 'uuid' })
  parcelId!: string;

  @ManyToOne(() => ParcelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parcel_id', foreignKeyConstraintName: 'goods_parcel_item_parcel_id_fkey' })
  parcel?: Relation<ParcelEntity>;

  @PrimaryColumn({ type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => ItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'goods_parcel_item_item_id_fkey' })
  item?: Relation<ItemEntity>;
}
