import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaign pages (issue 17 item 2): a cover and a gallery of campaign images, and progress
 * updates (项目进展) with their own photos, newest first.
 */
export class CampaignMedia1795935100000 implements MigrationInterface {
  name = 'CampaignMedia1795935100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaign" ADD "cover_image_id" uuid`);
    await queryRunner.query(`ALTER TABLE "campaign" ADD "image_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `CREATE TABLE "campaign_update" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_id" uuid NOT NULL, "title" character varying(100) NOT NULL, "body" text NOT NULL, "image_ids" uuid array NOT NULL DEFAULT '{}', "published_by" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_campaign_update" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "campaign_update_campaign_idx" ON "campaign_update" ("campaign_id", "published_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "campaign_update" ADD CONSTRAINT "campaign_update_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaign_update" DROP CONSTRAINT "campaign_update_campaign_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."campaign_update_campaign_idx"`);
    await queryRunner.query(`DROP TABLE "campaign_update"`);
    await queryRunner.query(`ALTER TABLE "campaign" DROP COLUMN "image_ids"`);
    await queryRunner.query(`ALTER TABLE "campaign" DROP COLUMN "cover_image_id"`);
  }
}
