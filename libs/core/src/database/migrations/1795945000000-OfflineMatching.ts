import { MigrationInterface, QueryRunner } from 'typeorm';

/** 配捐 of offline gifts (issue 18 item 3): a pool matches them only when its pledge says so. */
export class OfflineMatching1795945000000 implements MigrationInterface {
  name = 'OfflineMatching1795945000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_pool" ADD "matches_offline" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "match_pool" DROP COLUMN "matches_offline"`);
  }
}
