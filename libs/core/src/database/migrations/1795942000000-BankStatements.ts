import { MigrationInterface, QueryRunner } from 'typeorm';

export class BankStatements1795942000000 implements MigrationInterface {
  name = 'BankStatements1795942000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bank_statement_mapping" ("bank" character varying(50) NOT NULL, "mapping" jsonb NOT NULL, "updated_by" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3e347673aa7302944cd7d7a2a4" PRIMARY KEY ("bank"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "bank_statement_import" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "bank" character varying(50) NOT NULL, "file_name" character varying(200) NOT NULL, "from_day" date, "to_day" date, "line_count" integer NOT NULL, "skipped_debits" integer NOT NULL, "result" jsonb NOT NULL, "imported_by" uuid NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_41a4e57b508e5f47e4ded17fb9f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "bank_statement_import_imported_at_idx" ON "bank_statement_import" ("imported_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."bank_statement_import_imported_at_idx"`);
    await queryRunner.query(`DROP TABLE "bank_statement_import"`);
    await queryRunner.query(`DROP TABLE "bank_statement_mapping"`);
  }
}
