import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger as a batched log: movements queue their entry in `ledger_pending` in their own
 * transaction; the sequencer integrates batches into `ledger_entry` (keeping the queued row's id,
 * so a caller can find its seq) and deletes them from the queue. Debits lock their campaign's
 * row in `ledger_debit_lock`, not the whole ledger. Owners' seq columns fill in on integration.
 */
export class LedgerQueue1795930000000 implements MigrationInterface {
  name = 'LedgerQueue1795930000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ledger_pending" ("id" bigserial NOT NULL, "kind" "public"."ledger_kind" NOT NULL, "amount_fen" bigint, "quantity" integer, "campaign_id" uuid, "donor" character varying(64), "memo" character varying(500), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "owner" character varying(32), "owner_id" uuid, CONSTRAINT "PK_ledger_pending" PRIMARY KEY ("id"), CONSTRAINT "ledger_pending_owner_check" CHECK ((owner IS NULL) = (owner_id IS NULL)))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ledger_pending_campaign_idx" ON "ledger_pending" ("campaign_id") WHERE campaign_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_debit_lock" ("campaign_id" uuid NOT NULL, CONSTRAINT "PK_ledger_debit_lock" PRIMARY KEY ("campaign_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "ledger_entry" ADD "pending_id" bigint`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "ledger_entry_pending_idx" ON "ledger_entry" ("pending_id") WHERE pending_id IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "donation_match" ALTER COLUMN "ledger_seq" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donation_match" ALTER COLUMN "ledger_seq" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "ledger_entry_pending_idx"`);
    await queryRunner.query(`ALTER TABLE "ledger_entry" DROP COLUMN "pending_id"`);
    await queryRunner.query(`DROP TABLE "ledger_debit_lock"`);
    await queryRunner.query(`DROP TABLE "ledger_pending"`);
  }
}
