import { MigrationInterface, QueryRunner } from 'typeorm';

export class Donations1795905015686 implements MigrationInterface {
  name = 'Donations1795905015686';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."donation_status" AS ENUM('PENDING', 'PAID', 'CLOSED', 'REFUNDING', 'REFUNDED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "donation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "receipt_no" character varying(32) NOT NULL, "campaign_id" uuid NOT NULL, "donor_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "status" "public"."donation_status" NOT NULL DEFAULT 'PENDING', "anonymous" boolean NOT NULL DEFAULT false, "donor_name" character varying(64), "message" character varying(200), "prepay_id" character varying(64), "transaction_id" character varying(64), "paid_at" TIMESTAMP WITH TIME ZONE, "ledger_seq" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_25fb5a541964bc5cfc18fb13a82" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "donation_receipt_no_key" ON "donation" ("receipt_no") `);
    await queryRunner.query(
      `CREATE INDEX "donation_pending_idx" ON "donation" ("created_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(`CREATE INDEX "donation_donor_idx" ON "donation" ("donor_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "donation" ADD CONSTRAINT "donation_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation" ADD CONSTRAINT "donation_donor_id_fkey" FOREIGN KEY ("donor_id") REFERENCES "donor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donation" DROP CONSTRAINT "donation_donor_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP CONSTRAINT "donation_campaign_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."donation_donor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."donation_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."donation_receipt_no_key"`);
    await queryRunner.query(`DROP TABLE "donation"`);
    await queryRunner.query(`DROP TYPE "public"."donation_status"`);
  }
}
