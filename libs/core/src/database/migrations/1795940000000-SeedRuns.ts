import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of the last demo seed loaded into this database, so that a warm `npm start`
 * skips a seed that has not changed (issue 16 item 6: the seed was a quarter of a warm start).
 */
export class SeedRuns1795940000000 implements MigrationInterface {
  name = 'SeedRuns1795940000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "seed_run" ("name" character varying(64) NOT NULL, "fingerprint" character(64) NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "seed_run_pkey" PRIMARY KEY ("name"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "seed_run"`);
  }
}
