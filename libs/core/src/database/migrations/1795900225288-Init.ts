import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795900225288 implements MigrationInterface {
  name = 'Init1795900225288';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying(64) NOT NULL, "job_name" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "relay_attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_message_pending_idx" ON "outbox_message" ("created_at") WHERE dispatched_at IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."region_level" AS ENUM('DISTRICT', 'TOWN', 'VILLAGE')`);
    await queryRunner.query(
      `CREATE TABLE "region" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(12) NOT NULL, "name" character varying(64) NOT NULL, "level" "public"."region_level" NOT NULL, "parent_id" uuid, "path" text COLLATE "C" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f48ffc3af96bc486f5f3f3a6da" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "region_code_key" ON "region" ("code") `);
    await queryRunner.query(`CREATE INDEX "region_parent_id_idx" ON "region" ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "region_path_idx" ON "region" ("path") `);
    await queryRunner.query(
      `CREATE TYPE "public"."node_kind" AS ENUM('MANAGEMENT_CENTER', 'TRANSFER_CENTER', 'DISTRIBUTION_CENTER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "service_node" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" "public"."node_kind" NOT NULL, "region_id" uuid NOT NULL, "address" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_27ad1844e5e2534fb81f03b14de" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "service_node_region_id_key" ON "service_node" ("region_id") `);
    await queryRunner.query(
      `ALTER TABLE "region" ADD CONSTRAINT "region_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "service_node" ADD CONSTRAINT "service_node_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "service_node" DROP CONSTRAINT "service_node_region_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "region" DROP CONSTRAINT "region_parent_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."service_node_region_id_key"`);
    await queryRunner.query(`DROP TABLE "service_node"`);
    await queryRunner.query(`DROP TYPE "public"."node_kind"`);
    await queryRunner.query(`DROP INDEX "public"."region_path_idx"`);
    await queryRunner.query(`DROP INDEX "public"."region_parent_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."region_code_key"`);
    await queryRunner.query(`DROP TABLE "region"`);
    await queryRunner.query(`DROP TYPE "public"."region_level"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_message_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
