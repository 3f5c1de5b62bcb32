import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganizationsAndMatching1795908327899 implements MigrationInterface {
  name = 'OrganizationsAndMatching1795908327899';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."match_pool_status" AS ENUM('ACTIVE', 'CLOSED')`);
    await queryRunner.query(
      `CREATE TABLE "match_pool" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL, "sponsor_name" character varying(100) NOT NULL, "total_fen" bigint NOT NULL, "per_donor_cap_fen" bigint NOT NULL, "matched_fen" bigint NOT NULL DEFAULT '0', "status" "public"."match_pool_status" NOT NULL DEFAULT 'ACTIVE', "ends_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_784c2436005b2a97ba7ae414e23" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "match_pool_campaign_idx" ON "match_pool" ("campaign_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "match_pool_donor" ("pool_id" uuid NOT NULL, "donor_id" uuid NOT NULL, "matched_fen" bigint NOT NULL, CONSTRAINT "PK_d2fd0be38f10792cfe6eeb5bafe" PRIMARY KEY ("pool_id", "donor_id"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."organization_kind" AS ENUM('WORK_UNIT', 'PARTY_BRANCH')`);
    await queryRunner.query(
      `CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" "public"."organization_kind" NOT NULL, "name" character varying(100) NOT NULL, "region_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organization_region_name_key" ON "organization" ("region_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "campaign_roster" ("campaign_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "size" integer NOT NULL, "imported_by" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_7abb0dc751e2406363b0fbb8134" PRIMARY KEY ("campaign_id", "organization_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "roster_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "line" integer NOT NULL, "name" character varying(50) NOT NULL, "member_no" character varying(50), CONSTRAINT "PK_3ff464441c4eda7ff40850b1caa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "roster_member_roster_idx" ON "roster_member" ("campaign_id", "organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "organization_tally" ("organization_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "raised_fen" bigint NOT NULL DEFAULT '0', "donation_count" integer NOT NULL DEFAULT '0', "donor_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_7aef93ad6f02f4bd7190a52c610" PRIMARY KEY ("organization_id", "campaign_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "organization_tally_campaign_idx" ON "organization_tally" ("campaign_id") `);
    await queryRunner.query(
      `CREATE TABLE "organization_donor" ("organization_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "donor_id" uuid NOT NULL, "gifts" integer NOT NULL, CONSTRAINT "PK_93c4357b9b9d0cbd1d72fdab095" PRIMARY KEY ("organization_id", "campaign_id", "donor_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "donation_match" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donation_id" uuid NOT NULL, "pool_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "ledger_seq" bigint NOT NULL, "unmatched_at" TIMESTAMP WITH TIME ZONE, "unmatch_ledger_seq" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e14d92d785e3a55e29d75f7fc27" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "donation_match_pool_idx" ON "donation_match" ("pool_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "donation_match_donation_pool_key" ON "donation_match" ("donation_id", "pool_id") `,
    );
    await queryRunner.query(`ALTER TABLE "donation" ADD "organization_id" uuid`);
    // Reviewed: ADD VALUE instead of the generated type swap, which would rewrite the whole ledger table.
    await queryRunner.query(`ALTER TYPE "public"."ledger_kind" ADD VALUE IF NOT EXISTS 'MATCH' BEFORE 'ALLOCATION'`);
    await queryRunner.query(`ALTER TYPE "public"."ledger_kind" ADD VALUE IF NOT EXISTS 'UNMATCH' BEFORE 'ALLOCATION'`);
    await queryRunner.query(
      `ALTER TABLE "match_pool" ADD CONSTRAINT "match_pool_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "match_pool_donor" ADD CONSTRAINT "match_pool_donor_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "match_pool"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign_roster" ADD CONSTRAINT "campaign_roster_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign_roster" ADD CONSTRAINT "campaign_roster_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "roster_member" ADD CONSTRAINT "roster_member_roster_fkey" FOREIGN KEY ("campaign_id", "organization_id") REFERENCES "campaign_roster"("campaign_id","organization_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_tally" ADD CONSTRAINT "organization_tally_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation" ADD CONSTRAINT "donation_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation_match" ADD CONSTRAINT "donation_match_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "donation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation_match" ADD CONSTRAINT "donation_match_pool_id_fkey" FOREIGN KEY ("pool_id") REFERENCES "match_pool"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donation_match" DROP CONSTRAINT "donation_match_pool_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "donation_match" DROP CONSTRAINT "donation_match_donation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP CONSTRAINT "donation_organization_id_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "organization_tally" DROP CONSTRAINT "organization_tally_organization_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "roster_member" DROP CONSTRAINT "roster_member_roster_fkey"`);
    await queryRunner.query(`ALTER TABLE "campaign_roster" DROP CONSTRAINT "campaign_roster_organization_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "campaign_roster" DROP CONSTRAINT "campaign_roster_campaign_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "match_pool_donor" DROP CONSTRAINT "match_pool_donor_pool_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "match_pool" DROP CONSTRAINT "match_pool_campaign_id_fkey"`);
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_kind_old" AS ENUM('DONATION', 'REFUND', 'ALLOCATION', 'DISBURSEMENT', 'GOODS_IN', 'GOODS_OUT')`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_entry" ALTER COLUMN "kind" TYPE "public"."ledger_kind_old" USING "kind"::"text"::"public"."ledger_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."ledger_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."ledger_kind_old" RENAME TO "ledger_kind"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "organization_id"`);
    await queryRunner.query(`DROP INDEX "public"."donation_match_donation_pool_key"`);
    await queryRunner.query(`DROP INDEX "public"."donation_match_pool_idx"`);
    await queryRunner.query(`DROP TABLE "donation_match"`);
    await queryRunner.query(`DROP TABLE "organization_donor"`);
    await queryRunner.query(`DROP INDEX "public"."organization_tally_campaign_idx"`);
    await queryRunner.query(`DROP TABLE "organization_tally"`);
    await queryRunner.query(`DROP INDEX "public"."roster_member_roster_idx"`);
    await queryRunner.query(`DROP TABLE "roster_member"`);
    await queryRunner.query(`DROP TABLE "campaign_roster"`);
    await queryRunner.query(`DROP INDEX "public"."organization_region_name_key"`);
    await queryRunner.query(`DROP TABLE "organization"`);
    await queryRunner.query(`DROP TYPE "public"."organization_kind"`);
    await queryRunner.query(`DROP TABLE "match_pool_donor"`);
    await queryRunner.query(`DROP INDEX "public"."match_pool_campaign_idx"`);
    await queryRunner.query(`DROP TABLE "match_pool"`);
    await queryRunner.query(`DROP TYPE "public"."match_pool_status"`);
  }
}
