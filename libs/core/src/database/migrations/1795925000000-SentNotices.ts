import { MigrationInterface, QueryRunner } from 'typeorm';

export class SentNotices1795925000000 implements MigrationInterface {
  name = 'SentNotices1795925000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sent_notice" ("dedup_key" character varying(200) NOT NULL, "sign_up_id" uuid NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sent_notice" PRIMARY KEY ("dedup_key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sent_notice"`);
  }
}
