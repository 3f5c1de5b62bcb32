import { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1795903350674 implements MigrationInterface {
  name = 'Ledger1795903350674';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."ledger_kind" AS ENUM('DONATION', 'REFUND', 'ALLOCATION', 'DISBURSEMENT', 'GOODS_IN', 'GOODS_OUT')`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_entry" ("seq" bigint NOT NULL, "kind" "public"."ledger_kind" NOT NULL, "amount_fen" bigint, "quantity" integer, "campaign_id" uuid, "donor" character varying(64), "memo" character varying(500), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "canonical" text NOT NULL, "leaf_hash" character(64) NOT NULL, CONSTRAINT "PK_fb7610e25e52db26603709c71c5" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "ledger_entry_campaign_idx" ON "ledger_entry" ("campaign_id", "seq") `);
    await queryRunner.query(
      `CREATE TABLE "ledger_node" ("level" smallint NOT NULL, "index" bigint NOT NULL, "hash" bytea NOT NULL, CONSTRAINT "PK_f96e6cc94322e4a9c259e3d0eb6" PRIMARY KEY ("level", "index"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_state" ("id" smallint NOT NULL, "size" bigint NOT NULL, CONSTRAINT "ledger_state_single_row" CHECK (id = 1), CONSTRAINT "PK_ab4b5888a844593b165667f6a2d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "ledger_tree_head" ("tree_size" bigint NOT NULL, "root_hash" character(64) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "signature" text NOT NULL, CONSTRAINT "PK_72635ae95cc2dd900c1be6220a2" PRIMARY KEY ("tree_size"))`,
    );
    await queryRunner.query(`INSERT INTO "ledger_state" (id, size) VALUES (1, 0)`);
    // Entries, tree nodes and signed heads are append-only (append_only_guard comes with the audit log).
    await queryRunner.query(
      `CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON "ledger_entry" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON "ledger_entry" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_node_append_only BEFORE UPDATE OR DELETE ON "ledger_node" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_node_no_truncate BEFORE TRUNCATE ON "ledger_node" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_tree_head_append_only BEFORE UPDATE OR DELETE ON "ledger_tree_head" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER ledger_tree_head_no_truncate BEFORE TRUNCATE ON "ledger_tree_head" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ledger_tree_head_no_truncate ON "ledger_tree_head"`);
    await queryRunner.query(`DROP TRIGGER ledger_tree_head_append_only ON "ledger_tree_head"`);
    await queryRunner.query(`DROP TRIGGER ledger_node_no_truncate ON "ledger_node"`);
    await queryRunner.query(`DROP TRIGGER ledger_node_append_only ON "ledger_node"`);
    await queryRunner.query(`DROP TRIGGER ledger_entry_no_truncate ON "ledger_entry"`);
    await queryRunner.query(`DROP TRIGGER ledger_entry_append_only ON "ledger_entry"`);
    await queryRunner.query(`DROP TABLE "ledger_tree_head"`);
    await queryRunner.query(`DROP TABLE "ledger_state"`);
    await queryRunner.query(`DROP TABLE "ledger_node"`);
    await queryRunner.query(`DROP INDEX "public"."ledger_entry_campaign_idx"`);
    await queryRunner.query(`DROP TABLE "ledger_entry"`);
    await queryRunner.query(`DROP TYPE "public"."ledger_kind"`);
  }
}
