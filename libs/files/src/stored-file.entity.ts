import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FilePurpose } from './file-purpose';

/**
 * One uploaded file. The bytes live in the file store under their sha256 (one object however
 * often they are uploaded); the row says what they are for and whose they are.
 */
@Entity({ name: 'stored_file' })
@Index('stored_file_sha256_idx', ['sha256', 'ext'])
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Hex sha256 of the stored (processed) bytes: the object's key. */
  @Column({ type: 'character', length: 64 })
  sha256!: string;

  @Column({ type: 'varchar', length: 32 })
  purpose!: FilePurpose;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'varchar', length: 8 })
  ext!: string;

  @Column({ type: 'int' })
  bytes!: number;

  @Column({ type: 'int', nullable: true })
  width!: number | null;

  @Column({ type: 'int', nullable: true })
  height!: number | null;

  /** The region of the uploader's scope: staff whose scope covers it may read a private file. */
  @Index('stored_file_region_idx')
  @Column({ type: 'uuid' })
  regionId!: string;

  @Column({ type: 'varchar', length: 20 })
  regionCode!: string;

  /** The staff member who uploaded it. */
  @Column({ type: 'uuid' })
  uploadedBy!: string;

  /**
   * The donor the file belongs to (an official receipt issued to them, issue 19): they may read
   * it too. Null: staff only.
   */
  @Index('stored_file_owner_donor_idx')
  @Column({ type: 'uuid', nullable: true })
  ownerDonorId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
