import { StaffEntity } from '@shanchou/identity';
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
} from 'typeorm';
import { HouseholdEntity } from './household.entity';
import { DeliveryProof } from './logistics-enums';
import { ParcelEntity } from './parcel.entity';

/** 签收: goods handed to a household, with who received them and how they confirmed. Append-only. */
@Entity({ name: 'delivery' })
@Index('delivery_household_idx', ['householdId', 'deliveredAt'])
@Index('delivery_node_idx', ['nodeId', 'deliveredAt'])
@Check('delivery_signature_check', `proof <> 'SIGNATURE' OR signature_png IS NOT NULL`)
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  householdId!: string;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'delivery_household_id_fkey' })
  household?: Relation<HouseholdEntity>;

  /** The village centre that handed the goods over. */
  @Column({ type: 'uuid' })
  nodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'node_id', foreignKeyConstraintName: 'delivery_node_id_fkey' })
  node?: Relation<ServiceNodeEntity>;

  /** The parcel delivered whole; null when loose items were handed over. */
  @Column({ type: 'uuid', nullable: true })
  parcelId!: string | null;

  @ManyToOne(() => ParcelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parcel_id', foreignKeyConstraintName: 'delivery_parcel_id_fkey' })
  parcel?: Relation<ParcelEntity>;

  /** 签收人 */
  @Column({ type: 'varchar', length: 32 })
  receivedBy!: string;

  @Column({ type: 'enum', enum: DeliveryProof, enumName: 'delivery_proof' })
  proof!: DeliveryProof;

  /** The receiver's signature, a PNG drawn on the staff member's phone; read only when asked for. */
  @Column({ type: 'bytea', nullable: true, select: false })
  signaturePng!: Buffer | null;

  @Column({ type: 'uuid' })
  actorStaffId!: string;

  @Column({ type: 'varchar', length: 64 })
  actorUsername!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_staff_id', foreignKeyConstraintName: 'delivery_actor_staff_id_fkey' })
  actor?: Relation<StaffEntity>;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  deliveredAt!: Date;
}
