import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 公益事业捐赠票据 (issue 18 item 5): a donor asks for one for their own gift, a unit for its whole
 * remittance; a district admin issues it (number and scan) or refuses it. One per gift, never both
 * by its line and by its remittance.
 */
export class OfficialReceipts1795947000000 implements MigrationInterface {
  name = 'OfficialReceipts1795947000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."official_receipt_status" AS ENUM('REQUESTED', 'ISSUED', 'REFUSED')`);
    await queryRunner.query(
      `CREATE TABLE "official_receipt_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid, "remittance_id" uuid, "region_id" uuid NOT NULL, "receipt_no" character varying(64) NOT NULL, "amount_fen" bigint NOT NULL, "title" character varying(100) NOT NULL, "tax_id" character varying(18), "email" character varying(100), "status" "public"."official_receipt_status" NOT NULL, "requested_by_donor" uuid, "requested_by_staff" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "official_receipt_no" character varying(50), "file_id" uuid, "issued_by" uuid, "issued_at" TIMESTAMP WITH TIME ZONE, "refused_reason" character varying(200), CONSTRAINT "official_receipt_request_refused_check" CHECK ((status = 'REFUSED') = (refused_reason IS NOT NULL)), CONSTRAINT "official_receipt_request_issued_check" CHECK ((status = 'ISSUED') = (official_receipt_no IS NOT NULL AND file_id IS NOT NULL AND issued_by IS NOT NULL)), CONSTRAINT "official_receipt_request_one_subject" CHECK ((donation_id IS NULL) <> (remittance_id IS NULL)), CONSTRAINT "PK_ce4ccd4ae2f6499f104fe06a27c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "official_receipt_request_region_idx" ON "official_receipt_request" ("region_id", "requested_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "official_receipt_request_number_key" ON "official_receipt_request" ("official_receipt_no") WHERE official_receipt_no IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "official_receipt_request_remittance_key" ON "official_receipt_request" ("remittance_id") WHERE remittance_id IS NOT NULL AND status <> 'REFUSED'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "official_receipt_request_donation_key" ON "official_receipt_request" ("donation_id") WHERE donation_id IS NOT NULL AND status <> 'REFUSED'`,
    );
    await queryRunner.query(
      `ALTER TABLE "official_receipt_request" ADD CONSTRAINT "official_receipt_request_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "donation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "official_receipt_request" ADD CONSTRAINT "official_receipt_request_remittance_id_fkey" FOREIGN KEY ("remittance_id") REFERENCES "remittance"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "official_receipt_request" DROP CONSTRAINT "official_receipt_request_remittance_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "official_receipt_request" DROP CONSTRAINT "official_receipt_request_donation_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "public"."official_receipt_request_donation_key"`);
    await queryRunner.query(`DROP INDEX "public"."official_receipt_request_remittance_key"`);
    await queryRunner.query(`DROP INDEX "public"."official_receipt_request_number_key"`);
    await queryRunner.query(`DROP INDEX "public"."official_receipt_request_region_idx"`);
    await queryRunner.query(`DROP TABLE "official_receipt_request"`);
    await queryRunner.query(`DROP TYPE "public"."official_receipt_status"`);
  }
}
