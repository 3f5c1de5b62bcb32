import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A WeChat user of the official account (捐赠人), known by their openid under our appid. */
@Entity({ name: 'donor' })
export class DonorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('donor_openid_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  openid!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  nickname!: string | null;

  /**
   * The name the donor chose to give under (a real name or one of their own): printed whole on
   * their own certificates; the public ledger still masks it (张*).
   */
  @Column({ type: 'varchar', length: 20, nullable: true })
  displayName!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;

  /**
   * The phone number the donor proved by SMS, as PhoneIndex keeps it (a keyed hash): offline gifts
   * recorded against it are theirs. One donor per number: a number proved again by another
   * account (a new phone, a recycled number) moves there.
   */
  @Index('donor_phone_hash_key', { unique: true, where: 'phone_hash IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  phoneHash!: string | null;

  /** 138****1234 */
  @Column({ type: 'varchar', length: 11, nullable: true })
  phoneMasked!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  phoneVerifiedAt!: Date | null;
}
