import { ServiceNodeEntity } from '@shanchou/regions';
import {
  Check,
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
import { DeliveryEntity } from './delivery.entity';
import { HouseholdEntity } from './household.entity';
import { ItemCondition, ItemStatus } from './logistics-enums';
import { OfferEntity } from './offer.entity';
import { ParcelEntity } from './parcel.entity';

/**
 * 物品: one lot of donated goods (a bag of rice, twenty coats) with its own QR label. Where it is
 * follows from its status: in stock at `nodeId`, in parcel `parcelId`, or handed to a household.
 */
@Entity({ name: 'goods_item' })
@Index('goods_item_node_idx', ['nodeId', 'status'])
@Index('goods_item_parcel_idx', ['parcelId'])
@Index('goods_item_registered_node_idx', ['registeredNodeId', 'registeredAt'])
@Index('goods_item_offer_idx', ['offerId'])
@Check('goods_item_quantity_check', 'quantity >= 0 AND quantity <= registered_quantity AND registered_quantity > 0')
@Check('goods_item_rejected_reason_check', `status <> 'REJECTED' OR rejection_reason IS NOT NULL`)
export class ItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `IT-` and ten Crockford base32 symbols, the last a check symbol. */
  @Index('goods_item_code_key', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'varchar', length: 200 })
  description!: string;

  /** As registered; never changes. */
  @Column({ type: 'int' })
  registeredQuantity!: number;

  /** What is left: lowered only by a stock-take; the difference counts as written off. */
  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ type: 'enum', enum: ItemCondition, enumName: 'item_condition' })
  condition!: ItemCondition;

  @Column({ type: 'enum', enum: ItemStatus, enumName: 'item_status' })
  status!: ItemStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  rejectionReason!: string | null;

  /** Never public: staff of the item's centres only. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  donorName!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  donorPhone!: string | null;

  @Column({ type: 'uuid' })
  registeredNodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'registered_node_id', foreignKeyConstraintName: 'goods_item_registered_node_id_fkey' })
  registeredNode?: Relation<ServiceNodeEntity>;

  /** The centre holding the item (in stock or in a parcel there); null while in transit. */
  @Column({ type: 'uuid', nullable: true })
  nodeId!: string | null;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'node_id', foreignKeyConstraintName: 'goods_item_node_id_fkey' })
  node?: Relation<ServiceNodeEntity>;

  /** The parcel it travels in now. */
  @Column({ type: 'uuid', nullable: true })
  parcelId!: string | null;

  @ManyToOne(() => ParcelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parcel_id', foreignKeyConstraintName: 'goods_item_parcel_id_fkey' })
  parcel?: Relation<ParcelEntity>;

  /** The last disinfection; goods reach a household only once disinfected. */
  @Column({ type: 'timestamptz', nullable: true })
  disinfectedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  householdId!: string | null;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'goods_item_household_id_fkey' })
  household?: Relation<HouseholdEntity>;

  @Column({ type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @ManyToOne(() => DeliveryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'goods_item_delivery_id_fkey' })
  delivery?: Relation<DeliveryEntity>;

  /** The donor's offer (捐赠意向) this item fulfilled. */
  @Column({ type: 'uuid', nullable: true })
  offerId!: string | null;

  @ManyToOne(() => OfferEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'goods_item_offer_id_fkey' })
  offer?: Relation<OfferEntity>;

  /** The GOODS_IN ledger entry of its registration. */
  @Column({ type: 'bigint', nullable: true })
  ledgerSeq!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  registeredAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
