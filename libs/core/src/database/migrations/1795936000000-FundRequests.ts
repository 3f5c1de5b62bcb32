import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 项目资金的六道关口 (issue 17 item 3): fund requests, each gate passed as a step, objections
 * raised during 公示 with their answers, and the files attached at the gates. Money leaves a
 * campaign only through a request's 报账 gate (the ungated recordDisbursement is gone).
 */
export class FundRequests1795936000000 implements MigrationInterface {
  name = 'FundRequests1795936000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."fund_request_status" AS ENUM('FILED', 'REVIEWED', 'PUBLICIZED', 'APPROVED', 'DISBURSED', 'ACCEPTED', 'REJECTED')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."fund_payee_kind" AS ENUM('ORGANIZATION', 'HOUSEHOLD', 'PERSON')`);
    await queryRunner.query(
      `CREATE TABLE "fund_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "campaign_id" uuid NOT NULL, "region_id" uuid NOT NULL, "title" character varying(100) NOT NULL, "purpose" character varying(2000) NOT NULL, "budget" character varying(2000), "amount_fen" bigint NOT NULL, "status" "public"."fund_request_status" NOT NULL DEFAULT 'FILED', "public_until" TIMESTAMP WITH TIME ZONE, "supervision_phone" character varying(20), "filed_by_staff_id" uuid NOT NULL, "reviewed_by_staff_id" uuid, "approved_by_staff_id" uuid, "payee" character varying(64), "payee_kind" "public"."fund_payee_kind", "voucher_no" character varying(64), "ledger_seq" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fund_request_amount_check" CHECK (amount_fen > 0), CONSTRAINT "PK_e2a93c030e929c22d239f384df1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "fund_request_code_key" ON "fund_request" ("code") `);
    await queryRunner.query(
      `CREATE INDEX "fund_request_notice_idx" ON "fund_request" ("public_until") WHERE status = 'PUBLICIZED'`,
    );
    await queryRunner.query(`CREATE INDEX "fund_request_region_idx" ON "fund_request" ("region_id", "status") `);
    await queryRunner.query(
      `CREATE TABLE "fund_request_step" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fund_request_id" uuid NOT NULL, "status" "public"."fund_request_status" NOT NULL, "actor_staff_id" uuid NOT NULL, "actor_name" character varying(64) NOT NULL, "note" character varying(2000), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f402dfc2f38967ecbe2ad2445f1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "fund_request_step_request_idx" ON "fund_request_step" ("fund_request_id", "at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fund_request_objection" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "fund_request_id" uuid NOT NULL, "text" character varying(1000) NOT NULL, "phone" character varying(20), "recorded_by_staff_id" uuid, "answer" character varying(1000), "answered_by_staff_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fund_request_objection_answer_check" CHECK ((answered_at IS NULL) = (answer IS NULL)), CONSTRAINT "PK_adb972155ad09c1ae5acc3075e3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "fund_request_objection_request_idx" ON "fund_request_objection" ("fund_request_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fund_request_attachment" ("fund_request_id" uuid NOT NULL, "file_id" uuid NOT NULL, "status" "public"."fund_request_status" NOT NULL, "attached_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_59753bc6cc97a31a197d3aa4f32" PRIMARY KEY ("fund_request_id", "file_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "fund_request" ADD CONSTRAINT "fund_request_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fund_request" ADD CONSTRAINT "fund_request_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fund_request_step" ADD CONSTRAINT "fund_request_step_request_id_fkey" FOREIGN KEY ("fund_request_id") REFERENCES "fund_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fund_request_objection" ADD CONSTRAINT "fund_request_objection_request_id_fkey" FOREIGN KEY ("fund_request_id") REFERENCES "fund_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fund_request_attachment" ADD CONSTRAINT "fund_request_attachment_request_id_fkey" FOREIGN KEY ("fund_request_id") REFERENCES "fund_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "fund_request_attachment"`);
    await queryRunner.query(`DROP TABLE "fund_request_objection"`);
    await queryRunner.query(`DROP TABLE "fund_request_step"`);
    await queryRunner.query(`DROP TABLE "fund_request"`);
    await queryRunner.query(`DROP TYPE "public"."fund_payee_kind"`);
    await queryRunner.query(`DROP TYPE "public"."fund_request_status"`);
  }
}
