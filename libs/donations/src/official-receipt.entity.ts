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
import { DonationEntity } from './donation.entity';
import { RemittanceEntity } from './remittance.entities';

export enum OfficialReceiptStatus {
  REQUESTED = 'REQUESTED',
  ISSUED = 'ISSUED',
  REFUSED = 'REFUSED',
}

export const OFFICIAL_RECEIPT_STATUS_LABELS: Record<OfficialReceiptStatus, string> = {
  [OfficialReceiptStatus.REQUESTED]: '待开具',
  [OfficialReceiptStatus.ISSUED]: '已开具',
  [OfficialReceiptStatus.REFUSED]: '不予开具',
};

/**
 * 公益事业捐赠票据: a request for the official receipt of one gift (by its donor) or of a whole
 * remittance (by the unit, through the staff it remitted to), and once issued the receipt's own
 * number and scan. A gift is receipted once: by its line or by its remittance, never both.
 */
@Entity({ name: 'official_receipt_request' })
@Check('official_receipt_request_one_subject', '(donation_id IS NULL) <> (remittance_id IS NULL)')
@Check(
  'official_receipt_request_issued_check',
  `(status = 'ISSUED') = (official_receipt_no IS NOT NULL AND file_id IS NOT NULL AND issued_by IS NOT NULL)`,
)
@Check('official_receipt_request_refused_check', `(status = 'REFUSED') = (refused_reason IS NOT NULL)`)
@Index('official_receipt_request_donation_key', ['donationId'], {
  unique: true,
  where: "donation_id IS NOT NULL AND status <> 'REFUSED'",
})
@Index('official_receipt_request_remittance_key', ['remittanceId'], {
  unique: true,
  where: "remittance_id IS NOT NULL AND status <> 'REFUSED'",
})
@Index('official_receipt_request_number_key', ['officialReceiptNo'], {
  unique: true,
  where: 'official_receipt_no IS NOT NULL',
})
@Index('official_receipt_request_region_idx', ['regionId', 'requestedAt'])
export class OfficialReceiptRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  donationId!: string | null;

  @ManyToOne(() => DonationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'official_receipt_request_donation_id_fkey' })
  donation?: Relation<DonationEntity> | null;

  @Column({ type: 'uuid', nullable: true })
  remittanceId!: string | null;

  @ManyToOne(() => RemittanceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'remittance_id', foreignKeyConstraintName: 'official_receipt_request_remittance_id_fkey' })
  remittance?: Relation<RemittanceEntity> | null;

  /** Whose staff issue it: the remittance's region, a project's village, or the district. */
  @Column({ type: 'uuid' })
  regionId!: string;

  /** The gift's receipt number, or the remittance's voucher reference (流水号). */
  @Column({ type: 'varchar', length: 64 })
  receiptNo!: string;

  @Column({ type: 'bigint' })
  amountFen!: string;

  /** 抬头: the person's or the unit's name, as it is to be printed. */
  @Column({ type: 'varchar', length: 100 })
  title!: string;

  /** 统一社会信用代码 of a unit, when the title is one. */
  @Column({ type: 'varchar', length: 18, nullable: true })
  taxId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  email!: string | null;

  @Column({ type: 'enum', enum: OfficialReceiptStatus, enumName: 'official_receipt_status' })
  status!: OfficialReceiptStatus;

  /** The donor who asked (their own gift), or null when staff asked for a unit. */
  @Column({ type: 'uuid', nullable: true })
  requestedByDonor!: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedByStaff!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt!: Date;

  /** The number printed on the 票据 (from the finance bureau's 票据 system). */
  @Column({ type: 'varchar', length: 50, nullable: true })
  officialReceiptNo!: string | null;

  /** Its scan or electronic file (POST /files, purpose official-receipt). */
  @Column({ type: 'uuid', nullable: true })
  fileId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  issuedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  issuedAt!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  refusedReason!: string | null;
}
