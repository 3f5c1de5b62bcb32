import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files (issue 17 item 8): one row per upload, the bytes in the file store under their
 * sha256. The region is the uploader's: it decides which staff may read a private file; a donor
 * named as owner (an official receipt issued to them) may read it too.
 */
export class Files1795935000000 implements MigrationInterface {
  name = 'Files1795935000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stored_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sha256" character(64) NOT NULL, "purpose" character varying(32) NOT NULL, "content_type" character varying(100) NOT NULL, "ext" character varying(8) NOT NULL, "bytes" integer NOT NULL, "width" integer, "height" integer, "region_id" uuid NOT NULL, "region_code" character varying(20) NOT NULL, "uploaded_by" uuid NOT NULL, "owner_donor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_stored_file" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "stored_file_region_idx" ON "stored_file" ("region_id") `);
    await queryRunner.query(`CREATE INDEX "stored_file_owner_donor_idx" ON "stored_file" ("owner_donor_id") `);
    await queryRunner.query(`CREATE INDEX "stored_file_sha256_idx" ON "stored_file" ("sha256", "ext") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."stored_file_sha256_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stored_file_owner_donor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stored_file_region_idx"`);
    await queryRunner.query(`DROP TABLE "stored_file"`);
  }
}
