import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox row owns its job until the handler finished (completed_at) or parked it (dead_at):
 * what was "dispatched" (handed to Redis) becomes "completed"; rows handed over before this
 * version are taken as done, as they were then.
 */
export class OutboxOwnsJobs1795920000000 implements MigrationInterface {
  name = 'OutboxOwnsJobs1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_message_pending_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" RENAME COLUMN "dispatched_at" TO "completed_at"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "dead_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "job_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `CREATE INDEX "outbox_message_open_idx" ON "outbox_message" ("created_at") WHERE completed_at IS NULL AND dead_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_message_job_key_idx" ON "outbox_message" ("job_key") WHERE job_key IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_message_dead_idx" ON "outbox_message" ("dead_at") WHERE dead_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_message_dead_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_message_job_key_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_message_open_idx"`);
    // A dead row had left the queue for good: as before this version, it counts as handed over.
    await queryRunner.query(`UPDATE "outbox_message" SET "completed_at" = "dead_at" WHERE "dead_at" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "job_attempts"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "failed_at"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "dead_at"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" RENAME COLUMN "completed_at" TO "dispatched_at"`);
    await queryRunner.query(
      `CREATE INDEX "outbox_message_pending_idx" ON "outbox_message" ("created_at") WHERE dispatched_at IS NULL`,
    );
  }
}
