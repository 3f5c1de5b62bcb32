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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
