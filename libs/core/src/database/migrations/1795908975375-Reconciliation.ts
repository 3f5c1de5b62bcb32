import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reconciliation1795908975375 implements MigrationInterface {
  name = 'Reconciliation1795908975375';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."reconciliation_status" AS ENUM('BALANCED', 'DIFFERENCES', 'FAILED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "reconciliation_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "business_date" date NOT NULL, "status" "public"."reconciliation_status" NOT NULL, "reason" text, "bill_sha1" character varying(40), "our_payment_count" integer NOT NULL, "our_payment_fen" bigint NOT NULL, "our_refund_count" integer NOT NULL, "our_refund_fen" bigint NOT NULL, "bill_payment_count" integer, "bill_payment_fen" bigint, "bill_refund_count" integer, "bill_refund_fen" bigint, "difference_count" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4fa08b87bbb63890254c8cdcb57" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reconciliation_run_business_date_key" ON "reconciliation_run" ("business_date") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."reconciliation_difference_kind" AS ENUM('MISSING_AT_WECHAT', 'MISSING_HERE', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH')`,
    );
    await queryRunner.query(
      `CREATE TABLE "reconciliation_difference" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "run_id" uuid NOT NULL, "kind" "public"."reconciliation_difference_kind" NOT NULL, "out_trade_no" character varying(64) NOT NULL, "out_refund_no" character varying(64), "transaction_id" character varying(64), "our_amount_fen" bigint, "bill_amount_fen" bigint, "note" character varying(200) NOT NULL, CONSTRAINT "PK_279c86d6b788934930d19700e0d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "reconciliation_difference_run_idx" ON "reconciliation_difference" ("run_id", "out_trade_no") `,
    );
    await queryRunner.query(`ALTER TABLE "donation" ADD "refunded_at" TIMESTAMP WITH TIME ZONE`);
    // Refunds made before the column existed: their last update was the refund's completion.
    await queryRunner.query(`UPDATE "donation" SET "refunded_at" = "updated_at" WHERE "status" = 'REFUNDED'`);
    await queryRunner.query(
      `CREATE INDEX "donation_refunded_at_idx" ON "donation" ("refunded_at") WHERE refunded_at IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "donation_paid_at_idx" ON "donation" ("paid_at") WHERE paid_at IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "reconciliation_difference" ADD CONSTRAINT "reconciliation_difference_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_run"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "reconciliation_difference" DROP CONSTRAINT "reconciliation_difference_run_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."donation_paid_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."donation_refunded_at_idx"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "refunded_at"`);
    await queryRunner.query(`DROP INDEX "public"."reconciliation_difference_run_idx"`);
    await queryRunner.query(`DROP TABLE "reconciliation_difference"`);
    await queryRunner.query(`DROP TYPE "public"."reconciliation_difference_kind"`);
    await queryRunner.query(`DROP INDEX "public"."reconciliation_run_business_date_key"`);
    await queryRunner.query(`DROP TABLE "reconciliation_run"`);
    await queryRunner.query(`DROP TYPE "public"."reconciliation_status"`);
  }
}
