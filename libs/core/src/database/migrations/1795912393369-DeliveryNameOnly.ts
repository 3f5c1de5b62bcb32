import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryNameOnly1795912393369 implements MigrationInterface {
  name = 'DeliveryNameOnly1795912393369';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Reviewed: ADD VALUE instead of the generated type swap, which would rewrite the delivery table.
    await queryRunner.query(`ALTER TYPE "public"."delivery_proof" ADD VALUE IF NOT EXISTS 'NAME_ONLY'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The CHECK names the type's values, so it is taken off while the type is swapped back.
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "delivery_signature_check"`);
    await queryRunner.query(`CREATE TYPE "public"."delivery_proof_old" AS ENUM('SIGNATURE', 'CONFIRMATION_CODE')`);
    await queryRunner.query(
      `ALTER TABLE "delivery" ALTER COLUMN "proof" TYPE "public"."delivery_proof_old" USING "proof"::"text"::"public"."delivery_proof_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."delivery_proof"`);
    await queryRunner.query(`ALTER TYPE "public"."delivery_proof_old" RENAME TO "delivery_proof"`);
    await queryRunner.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "delivery_signature_check" CHECK (proof <> 'SIGNATURE' OR signature_png IS NOT NULL)`,
    );
  }
}
