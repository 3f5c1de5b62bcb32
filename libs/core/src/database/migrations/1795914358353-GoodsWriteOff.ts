import { MigrationInterface, QueryRunner } from 'typeorm';

export class GoodsWriteOff1795914358353 implements MigrationInterface {
  name = 'GoodsWriteOff1795914358353';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Reviewed: ADD VALUE instead of the generated type swap, which would rewrite the whole ledger table.
    await queryRunner.query(`ALTER TYPE "public"."ledger_kind" ADD VALUE IF NOT EXISTS 'GOODS_WRITE_OFF'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_kind_old" AS ENUM('DONATION', 'REFUND', 'ALLOCATION', 'DISBURSEMENT', 'GOODS_IN', 'GOODS_OUT', 'MATCH', 'UNMATCH')`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_entry" ALTER COLUMN "kind" TYPE "public"."ledger_kind_old" USING "kind"::"text"::"public"."ledger_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."ledger_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."ledger_kind_old" RENAME TO "ledger_kind"`);
  }
}
