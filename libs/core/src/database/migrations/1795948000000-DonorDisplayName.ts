import { MigrationInterface, QueryRunner } from 'typeorm';

/** 署名 (issue 19 item 3): the name a donor gives under, whole on their own certificates. */
export class DonorDisplayName1795948000000 implements MigrationInterface {
  name = 'DonorDisplayName1795948000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donor" ADD "display_name" character varying(20)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donor" DROP COLUMN "display_name"`);
  }
}
