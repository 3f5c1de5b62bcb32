import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offline gifts found by their giver's phone (issue 18 item 2): a donor proves a number by SMS
 * (phone_verification), the number is kept only as a keyed hash beside its masked form, and gifts
 * and remittance lines recorded against it carry the same hash.
 */
export class GiverPhones1795946000000 implements MigrationInterface {
  name = 'GiverPhones1795946000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donor" ADD "phone_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "donor" ADD "phone_masked" character varying(11)`);
    await queryRunner.query(`ALTER TABLE "donor" ADD "phone_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "donor_phone_hash_key" ON "donor" ("phone_hash") WHERE phone_hash IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ADD "giver_phone_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "donation" ADD "giver_phone_masked" character varying(11)`);
    await queryRunner.query(
      `CREATE INDEX "donation_unclaimed_phone_idx" ON "donation" ("giver_phone_hash") WHERE giver_phone_hash IS NOT NULL AND donor_id IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "remittance_line" ADD "giver_phone_hash" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "remittance_line" ADD "giver_phone_masked" character varying(11)`);
    await queryRunner.query(
      `CREATE TABLE "phone_verification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donor_id" uuid NOT NULL, "phone_hash" character varying(64) NOT NULL, "code_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_phone_verification_id" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "phone_verification_donor_idx" ON "phone_verification" ("donor_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "phone_verification_phone_idx" ON "phone_verification" ("phone_hash", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "phone_verification" ADD CONSTRAINT "phone_verification_donor_id_fkey" FOREIGN KEY ("donor_id") REFERENCES "donor"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "phone_verification"`);
    await queryRunner.query(`ALTER TABLE "remittance_line" DROP COLUMN "giver_phone_masked"`);
    await queryRunner.query(`ALTER TABLE "remittance_line" DROP COLUMN "giver_phone_hash"`);
    await queryRunner.query(`DROP INDEX "donation_unclaimed_phone_idx"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "giver_phone_masked"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "giver_phone_hash"`);
    await queryRunner.query(`DROP INDEX "donor_phone_hash_key"`);
    await queryRunner.query(`ALTER TABLE "donor" DROP COLUMN "phone_verified_at"`);
    await queryRunner.query(`ALTER TABLE "donor" DROP COLUMN "phone_masked"`);
    await queryRunner.query(`ALTER TABLE "donor" DROP COLUMN "phone_hash"`);
  }
}
