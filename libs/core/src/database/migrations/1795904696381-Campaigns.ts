import { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1795904696381 implements MigrationInterface {
  name = 'Campaigns1795904696381';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."campaign_kind" AS ENUM('ONE_DAY_PAY', 'PARTY_DUES', 'GENERAL', 'PROJECT')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."campaign_status" AS ENUM('DRAFT', 'ACTIVE', 'CLOSED')`);
    await queryRunner.query(
      `CREATE TABLE "campaign" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" character varying(64) NOT NULL, "kind" "public"."campaign_kind" NOT NULL, "title" character varying(100) NOT NULL, "story" text, "status" "public"."campaign_status" NOT NULL DEFAULT 'DRAFT', "goal_fen" bigint, "raised_fen" bigint NOT NULL DEFAULT '0', "donation_count" integer NOT NULL DEFAULT '0', "fixed_amount_fen" bigint, "suggested_amounts_fen" bigint array NOT NULL DEFAULT '{}', "min_amount_fen" bigint NOT NULL DEFAULT '1', "max_amount_fen" bigint NOT NULL DEFAULT '5000000', "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "region_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ce34d26e7f2eb316a3a592cdc4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "campaign_slug_key" ON "campaign" ("slug") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."campaign_slug_key"`);
    await queryRunner.query(`DROP TABLE "campaign"`);
    await queryRunner.query(`DROP TYPE "public"."campaign_status"`);
    await queryRunner.query(`DROP TYPE "public"."campaign_kind"`);
  }
}
