import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The district console (issue 17 items 4 and 5): a staff member's WeChat openid (one staff member
 * per openid), and a resolution note per reconciliation difference, keyed by the day and the trade
 * so that it outlives a rerun of the day.
 */
export class DistrictConsoleStaff1795938000000 implements MigrationInterface {
  name = 'DistrictConsoleStaff1795938000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" ADD "wechat_openid" character varying(64)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_wechat_openid_key" ON "staff" ("wechat_openid") `);
    await queryRunner.query(
      `CREATE TABLE "reconciliation_resolution" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "business_date" date NOT NULL, "kind" "public"."reconciliation_difference_kind" NOT NULL, "out_trade_no" character varying(64) NOT NULL, "out_refund_no" character varying(64) NOT NULL DEFAULT '', "note" character varying(500) NOT NULL, "resolved_by_staff_id" uuid NOT NULL, "resolved_by" character varying(64) NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "reconciliation_resolution_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "reconciliation_resolution_trade_key" ON "reconciliation_resolution" ("business_date", "kind", "out_trade_no", "out_refund_no") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."reconciliation_resolution_trade_key"`);
    await queryRunner.query(`DROP TABLE "reconciliation_resolution"`);
    await queryRunner.query(`DROP INDEX "public"."staff_wechat_openid_key"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "wechat_openid"`);
  }
}
