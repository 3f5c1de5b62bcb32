import { MigrationInterface, QueryRunner } from 'typeorm';

export class Identity1795902005600 implements MigrationInterface {
  name = 'Identity1795902005600';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."staff_role" AS ENUM('DISTRICT_ADMIN', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR', 'AUDITOR')`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(64) NOT NULL, "role" "public"."staff_role" NOT NULL, "region_id" uuid NOT NULL, "password_hash" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_username_key" ON "staff" ("username") `);
    await queryRunner.query(`CREATE INDEX "staff_region_id_idx" ON "staff" ("region_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_staff_id" uuid NOT NULL, "actor_username" character varying(64) NOT NULL, "action" character varying(64) NOT NULL, "target_type" character varying(32) NOT NULL, "target_id" character varying(64) NOT NULL, "region_id" uuid NOT NULL, "summary" jsonb NOT NULL, "request_id" character varying(128), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_entry_region_idx" ON "audit_entry" ("region_id", "at") `);
    await queryRunner.query(`CREATE INDEX "audit_entry_actor_idx" ON "audit_entry" ("actor_staff_id", "at") `);
    await queryRunner.query(`CREATE INDEX "audit_entry_at_idx" ON "audit_entry" ("at") `);
    await queryRunner.query(
      `CREATE TABLE "donor" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "openid" character varying(64) NOT NULL, "nickname" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_51f7b00d1120f7130b69f8a3a46" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "donor_openid_key" ON "donor" ("openid") `);
    await queryRunner.query(
      `CREATE TABLE "auth_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid, "donor_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "client_address" character varying(64), CONSTRAINT "auth_session_one_subject" CHECK ((staff_id IS NULL) <> (donor_id IS NULL)), CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "auth_session_staff_id_idx" ON "auth_session" ("staff_id") `);
    await queryRunner.query(`CREATE INDEX "auth_session_donor_id_idx" ON "auth_session" ("donor_id") `);
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "staff_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_actor_staff_id_fkey" FOREIGN KEY ("actor_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth_session" ADD CONSTRAINT "auth_session_donor_id_fkey" FOREIGN KEY ("donor_id") REFERENCES "donor"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Append-only tables: the application's role can insert but never rewrite or remove rows.
    await queryRunner.query(`CREATE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_entry_no_truncate ON "audit_entry"`);
    await queryRunner.query(`DROP TRIGGER audit_entry_append_only ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION append_only_guard()`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "auth_session_donor_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "auth_session" DROP CONSTRAINT "auth_session_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP CONSTRAINT "audit_entry_region_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP CONSTRAINT "audit_entry_actor_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "staff_region_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."auth_session_donor_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."auth_session_staff_id_idx"`);
    await queryRunner.query(`DROP TABLE "auth_session"`);
    await queryRunner.query(`DROP INDEX "public"."donor_openid_key"`);
    await queryRunner.query(`DROP TABLE "donor"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_entry_region_idx"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP INDEX "public"."staff_region_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."staff_username_key"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TYPE "public"."staff_role"`);
  }
}
