import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds to the end (issue 15 item 3): REFUND_FAILED, every out_refund_no a donation used
 * (donation_refund), and on the donation the refund in force, when WeChat accepted it (the day its
 * trade bill dates the refund by) and why it failed. Written by hand.
 */
export class RefundsToTheEnd1795922000000 implements MigrationInterface {
  name = 'RefundsToTheEnd1795922000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Added, not recreated: the value is not used in this transaction (PostgreSQL forbids that).
    await queryRunner.query(`ALTER TYPE "public"."donation_status" ADD VALUE IF NOT EXISTS 'REFUND_FAILED'`);
    await queryRunner.query(`ALTER TABLE "donation" ADD "refund_no" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "donation" ADD "refund_accepted_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "donation" ADD "refund_failure_reason" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "donation" ADD "refund_failed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "donation_refund_accepted_at_idx" ON "donation" ("refund_accepted_at") WHERE refund_accepted_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "donation_refund_failed_at_idx" ON "donation" ("refund_failed_at") WHERE refund_failed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "donation_refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "out_refund_no" character varying(64) NOT NULL, "refund_id" character varying(64), "state" character varying(16) NOT NULL, "reason" character varying(80) NOT NULL, "failure_reason" character varying(200), "submissions" integer NOT NULL DEFAULT '1', "requested_by_staff_id" uuid, "requested_by_username" character varying(64), "requested_in_region_id" uuid, "accepted_at" TIMESTAMP WITH TIME ZONE, "succeeded_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, "resubmitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f024ebc76a8ee09125098259a0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "donation_refund_donation_idx" ON "donation_refund" ("donation_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "donation_refund_out_refund_no_key" ON "donation_refund" ("out_refund_no") `,
    );
    await queryRunner.query(
      `ALTER TABLE "donation_refund" ADD CONSTRAINT "donation_refund_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "donation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Refunds made before: their one number was R<receipt_no>; acceptance is taken as their success.
    await queryRunner.query(
      `INSERT INTO "donation_refund" ("donation_id", "out_refund_no", "state", "reason", "accepted_at", "succeeded_at")
       SELECT "id", 'R' || "receipt_no", CASE WHEN "status" = 'REFUNDED' THEN 'SUCCESS' ELSE 'REQUESTED' END,
              '退款', "refunded_at", "refunded_at"
         FROM "donation" WHERE "status" IN ('REFUNDING', 'REFUNDED')`,
    );
    await queryRunner.query(
      `UPDATE "donation" SET "refund_no" = 'R' || "receipt_no", "refund_accepted_at" = "refunded_at"
        WHERE "status" IN ('REFUNDING', 'REFUNDED')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donation_refund" DROP CONSTRAINT "donation_refund_donation_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."donation_refund_out_refund_no_key"`);
    await queryRunner.query(`DROP INDEX "public"."donation_refund_donation_idx"`);
    await queryRunner.query(`DROP TABLE "donation_refund"`);
    await queryRunner.query(`DROP INDEX "public"."donation_refund_failed_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."donation_refund_accepted_at_idx"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "refund_failed_at"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "refund_failure_reason"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "refund_accepted_at"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "refund_no"`);
    // A failed refund was, before this migration, a refund still waiting: REFUNDING.
    await queryRunner.query(`UPDATE "donation" SET "status" = 'REFUNDING' WHERE "status"::text = 'REFUND_FAILED'`);
    // An enum value cannot be dropped: the type is made again without it, around the partial index on status.
    await queryRunner.query(`DROP INDEX "public"."donation_pending_idx"`);
    await queryRunner.query(`ALTER TYPE "public"."donation_status" RENAME TO "donation_status_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."donation_status" AS ENUM('PENDING', 'PAID', 'CLOSED', 'REFUNDING', 'REFUNDED')`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "status" DROP DEFAULT`);
    await queryRunner.query(
      `ALTER TABLE "donation" ALTER COLUMN "status" TYPE "public"."donation_status" USING "status"::"text"::"public"."donation_status"`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "status" SET DEFAULT 'PENDING'`);
    await queryRunner.query(`DROP TYPE "public"."donation_status_old"`);
    await queryRunner.query(
      `CREATE INDEX "donation_pending_idx" ON "donation" ("created_at") WHERE status = 'PENDING'`,
    );
  }
}
