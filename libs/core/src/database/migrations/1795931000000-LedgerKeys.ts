import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signing keys that can change (issue 16 item 5): `ledger_key` keeps every key's public half for
 * good, and each tree head names the key that signed it. Heads signed before this have no key yet:
 * a process names them at boot with the known key their signature verifies with (LedgerKeys), the
 * one change the guard lets through on a head. A retired key signs no more heads.
 */
export class LedgerKeys1795931000000 implements MigrationInterface {
  name = 'LedgerKeys1795931000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ledger_key" ("key_id" character(64) NOT NULL, "public_key" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, "retired_reason" character varying(500), CONSTRAINT "ledger_key_retired_check" CHECK ((retired_at IS NULL) = (retired_reason IS NULL)), CONSTRAINT "PK_ledger_key" PRIMARY KEY ("key_id"))`,
    );
    await queryRunner.query(`CREATE FUNCTION ledger_key_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.retired_at IS NULL AND NEW.key_id = OLD.key_id
           AND NEW.public_key = OLD.public_key AND NEW.added_at = OLD.added_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on % is refused: a ledger key is kept for good and only ever retired, once', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER ledger_key_guard BEFORE UPDATE OR DELETE ON "ledger_key" FOR EACH ROW EXECUTE FUNCTION ledger_key_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_key_no_truncate BEFORE TRUNCATE ON "ledger_key" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );

    await queryRunner.query(`ALTER TABLE "ledger_tree_head" ADD "key_id" character(64)`);
    await queryRunner.query(`CREATE INDEX "ledger_tree_head_key_idx" ON "ledger_tree_head" ("key_id", "tree_size") `);
    await queryRunner.query(
      `ALTER TABLE "ledger_tree_head" ADD CONSTRAINT "ledger_tree_head_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "ledger_key"("key_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Heads stay append-only, but for naming the key of one signed before heads named theirs.
    await queryRunner.query(`DROP TRIGGER ledger_tree_head_append_only ON "ledger_tree_head"`);
    await queryRunner.query(`CREATE FUNCTION ledger_tree_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF EXISTS (SELECT 1 FROM ledger_key WHERE key_id = NEW.key_id AND retired_at IS NOT NULL) THEN
            RAISE EXCEPTION 'ledger key % is retired: it signs no more tree heads', NEW.key_id
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.key_id IS NULL AND NEW.key_id IS NOT NULL AND NEW.tree_size = OLD.tree_size
           AND NEW.root_hash = OLD.root_hash AND NEW.signed_at = OLD.signed_at AND NEW.signature = OLD.signature THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER ledger_tree_head_guard BEFORE INSERT OR UPDATE OR DELETE ON "ledger_tree_head" FOR EACH ROW EXECUTE FUNCTION ledger_tree_head_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_tree_head_guard ON "ledger_tree_head"`);
    await queryRunner.query(`DROP FUNCTION ledger_tree_head_guard()`);
    await queryRunner.query(
      `CREATE TRIGGER ledger_tree_head_append_only BEFORE UPDATE OR DELETE ON "ledger_tree_head" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(`ALTER TABLE "ledger_tree_head" DROP CONSTRAINT "ledger_tree_head_key_id_fkey"`);
    await queryRunner.query(`DROP INDEX "ledger_tree_head_key_idx"`);
    await queryRunner.query(`ALTER TABLE "ledger_tree_head" DROP COLUMN "key_id"`);
    await queryRunner.query(`DROP TRIGGER ledger_key_no_truncate ON "ledger_key"`);
    await queryRunner.query(`DROP TRIGGER ledger_key_guard ON "ledger_key"`);
    await queryRunner.query(`DROP FUNCTION ledger_key_guard()`);
    await queryRunner.query(`DROP TABLE "ledger_key"`);
  }
}
