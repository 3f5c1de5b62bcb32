import { DonorEntity } from '@shanchou/identity';
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
import { OfferStatus } from './logistics-enums';

/** 捐赠意向: goods a donor means to bring to a drop-off centre; matched when they are registered. */
@Entity({ name: 'goods_offer' })
@Index('goods_offer_donor_idx', ['donorId', 'createdAt'])
@Check('goods_offer_quantity_check', 'quantity > 0')
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `OF-…`: the donor shows it (or its QR code) at the centre. */
  @Index('goods_offer_code_key', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'uuid' })
  donorId!: string;

  @ManyToOne(() => DonorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'goods_offer_donor_id_fkey' })
  donor?: Relation<DonorEntity>;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'varchar', length: 200 })
  description!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  /** The centre the donor will bring the goods to. */
  @Column({ type: 'uuid' })
  dropOffNodeId!: string;

  @ManyToOne(() => ServiceNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'drop_off_node_id', foreignKeyConstraintName: 'goods_offer_drop_off_node_id_fkey' })
  dropOffNode?: Relation<ServiceNodeEntity>;

  /** The name for the ledger (masked there), unless anonymous. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  donorName!: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  @Column({ type: 'enum', enum: OfferStatus, enumName: 'offer_status', default: OfferStatus.OPEN })
  status!: OfferStatus;

  @Column({ type: 'timestamptz', nullable: true })
  matchedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
