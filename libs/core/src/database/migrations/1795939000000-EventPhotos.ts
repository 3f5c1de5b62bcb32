import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event outcome photos as uploaded files (issue 17 of the district console): the record of an
 * outreach event keeps the ids of its `event-photo` files, in the order shown, beside the
 * addresses older callers typed in.
 */
export class EventPhotos1795939000000 implements MigrationInterface {
  name = 'EventPhotos1795939000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outreach_event_record" ADD "photo_ids" uuid array NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outreach_event_record" DROP COLUMN "photo_ids"`);
  }
}
