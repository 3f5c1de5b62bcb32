import { MigrationInterface, QueryRunner } from 'typeorm';

/** 冲正 (issue 18 item 3): a remittance found wrong is reversed, with its reason and, above the threshold, a second person. */
export class RemittanceReversal1795943000000 implements MigrationInterface {
  name = 'RemittanceReversal1795943000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "remittance" ADD "reversal_reason" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "remittance" ADD "reversal_requested_by" uuid`);
    await queryRunner.query(`ALTER TABLE "remittance" ADD "reversal_requested_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "remittance" ADD "reversed_by" uuid`);
    await queryRunner.query(`ALTER TABLE "remittance" ADD "reversed_at" TIMESTAMP WITH TIME ZONE`);
    // A small table: its type is made again, so REVERSED can be used below in this same transaction.
    await queryRunner.query(`DROP INDEX "public"."remittance_channel_reference_key"`);
    await queryRunner.query(`ALTER TYPE "public"."remittance_status" RENAME TO "remittance_status_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."remittance_status" AS ENUM('AWAITING_CONFIRMATION', 'CONFIRMED', 'AWAITING_REVERSAL', 'REVERSED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ALTER COLUMN "status" TYPE "public"."remittance_status" USING "status"::"text"::"public"."remittance_status"`,
    );
    await queryRunner.query(`DROP TYPE "public"."remittance_status_old"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "remittance_channel_reference_key" ON "remittance" ("channel", "reference") WHERE status <> 'REVERSED'`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ADD CONSTRAINT "remittance_reversal_check" CHECK ((reversal_requested_at IS NULL) = (reversal_reason IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ADD CONSTRAINT "remittance_reversal_second_person_check" CHECK (reversed_by IS NULL OR reversed_by <> reversal_requested_by OR amount_fen <= threshold_fen OR confirmed_at IS NULL)`,
    );
    // The donation table is large: its type gains the value in place, without rewriting the table.
    await queryRunner.query(`ALTER TYPE "public"."donation_status" ADD VALUE IF NOT EXISTS 'REVERSED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails, as it should, while any gift is REVERSED: the older code has no word for it.
    await queryRunner.query(`DROP INDEX "public"."donation_pending_idx"`);
    await queryRunner.query(
      `CREATE TYPE "public"."donation_status_old" AS ENUM('PENDING', 'PAID', 'CLOSED', 'REFUNDING', 'REFUNDED', 'REFUND_FAILED')`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "donation" ALTER COLUMN "status" TYPE "public"."donation_status_old" USING "status"::"text"::"public"."donation_status_old"`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "status" SET DEFAULT 'PENDING'`);
    await queryRunner.query(`DROP TYPE "public"."donation_status"`);
    await queryRunner.query(`ALTER TYPE "public"."donation_status_old" RENAME TO "donation_status"`);
    await queryRunner.query(
      `CREATE INDEX "donation_pending_idx" ON "donation" ("created_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(`ALTER TABLE "remittance" DROP CONSTRAINT "remittance_reversal_second_person_check"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP CONSTRAINT "remittance_reversal_check"`);
    await queryRunner.query(`DROP INDEX "public"."remittance_channel_reference_key"`);
    await queryRunner.query(
      `CREATE TYPE "public"."remittance_status_old" AS ENUM('AWAITING_CONFIRMATION', 'CONFIRMED')`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ALTER COLUMN "status" TYPE "public"."remittance_status_old" USING "status"::"text"::"public"."remittance_status_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."remittance_status"`);
    await queryRunner.query(`ALTER TYPE "public"."remittance_status_old" RENAME TO "remittance_status"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "remittance_channel_reference_key" ON "remittance" ("channel", "reference") `,
    );
    await queryRunner.query(`ALTER TABLE "remittance" DROP COLUMN "reversed_at"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP COLUMN "reversed_by"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP COLUMN "reversal_requested_at"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP COLUMN "reversal_requested_by"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP COLUMN "reversal_reason"`);
  }
}
