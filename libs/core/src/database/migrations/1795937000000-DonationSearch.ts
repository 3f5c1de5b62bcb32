import { MigrationInterface, QueryRunner } from 'typeorm';

/** 捐赠查询 (issue 17): staff page through every order newest first, keyed by (created_at, id). */
export class DonationSearch1795937000000 implements MigrationInterface {
  name = 'DonationSearch1795937000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "donation_created_at_idx" ON "donation" ("created_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."donation_created_at_idx"`);
  }
}
