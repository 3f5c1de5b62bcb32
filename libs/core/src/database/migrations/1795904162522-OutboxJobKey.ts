import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxJobKey1795904162522 implements MigrationInterface {
  name = 'OutboxJobKey1795904162522';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "job_key" character varying(200)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "job_key"`);
  }
}
