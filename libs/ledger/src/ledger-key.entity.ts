import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every key that ever signed (or may sign) tree heads, kept for good: heads signed before a
 * rotation verify with the public key stored here, without the old private key. A trigger refuses
 * DELETE and any change but retiring; a retired key signs no more heads.
 */
@Entity({ name: 'ledger_key' })
@Check('ledger_key_retired_check', '(retired_at IS NULL) = (retired_reason IS NULL)')
export class LedgerKeyEntity {
  /** ledgerKeyId: lowercase hex SHA-256 of the SPKI DER. */
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'PK_ledger_key' })
  keyId!: string;

  /** Ed25519, SPKI PEM. */
  @Column({ type: 'text' })
  publicKey!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  addedAt!: Date;

  /** Set once, by `npm run ledger:key -- retire` (a rotation done, or a leaked key replaced). */
  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  retiredReason!: string | null;
}
