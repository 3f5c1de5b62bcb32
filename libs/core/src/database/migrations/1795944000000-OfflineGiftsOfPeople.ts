import { MigrationInterface, QueryRunner } from 'typeorm';

/** 个人线下捐赠 (issue 18 item 2): one person's gift taken at a centre is a remittance of no organisation. */
export class OfflineGiftsOfPeople1795944000000 implements MigrationInterface {
  name = 'OfflineGiftsOfPeople1795944000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "remittance" ALTER COLUMN "organization_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails, as it should, while one person's offline gift is on record: the older code has no place for it.
    await queryRunner.query(`ALTER TABLE "remittance" ALTER COLUMN "organization_id" SET NOT NULL`);
  }
}
