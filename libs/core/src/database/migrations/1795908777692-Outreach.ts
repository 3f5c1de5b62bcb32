import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outreach1795908777692 implements MigrationInterface {
  name = 'Outreach1795908777692';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."volunteer_team_kind" AS ENUM('MASS_ORGANIZATION', 'VOLUNTEER_TEAM')`,
    );
    await queryRunner.query(
      `CREATE TABLE "volunteer_team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" "public"."volunteer_team_kind" NOT NULL, "region_id" uuid NOT NULL, "leader_volunteer_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_426a82503d4a4f4ae1483855a92" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "volunteer_team_name_key" ON "volunteer_team" ("name") `);
    await queryRunner.query(`CREATE INDEX "volunteer_team_region_id_idx" ON "volunteer_team" ("region_id") `);
    await queryRunner.query(
      `CREATE TABLE "volunteer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "donor_id" uuid NOT NULL, "name" character varying(32) NOT NULL, "phone" character varying(20) NOT NULL, "skills" text array NOT NULL DEFAULT '{}', "expertise" character varying(100), "team_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76924da1998b3e07025e04c4d3c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "volunteer_donor_id_key" ON "volunteer" ("donor_id") `);
    await queryRunner.query(`CREATE INDEX "volunteer_team_id_idx" ON "volunteer" ("team_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."outreach_kind" AS ENUM('SCIENCE_TECH', 'CULTURE', 'LAW', 'MEDICAL')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."outreach_event_status" AS ENUM('SCHEDULED', 'COMPLETED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "outreach_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(100) NOT NULL, "kind" "public"."outreach_kind" NOT NULL, "region_id" uuid NOT NULL, "place" character varying(200) NOT NULL, "description" text, "organiser" character varying(100) NOT NULL, "needed_skills" text array NOT NULL DEFAULT '{}', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "capacity" integer NOT NULL, "status" "public"."outreach_event_status" NOT NULL DEFAULT 'SCHEDULED', "cancel_reason" character varying(200), "revision" integer NOT NULL DEFAULT '0', "created_by_staff_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outreach_event_capacity_check" CHECK ("capacity" > 0), CONSTRAINT "outreach_event_times_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_2653b76dacfbf2785cbc96cf31c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outreach_event_region_idx" ON "outreach_event" ("region_id", "starts_at") `);
    await queryRunner.query(`CREATE INDEX "outreach_event_starts_at_idx" ON "outreach_event" ("starts_at") `);
    await queryRunner.query(
      `CREATE TYPE "public"."sign_up_status" AS ENUM('CONFIRMED', 'WAITLISTED', 'CANCELLED', 'CHECKED_IN')`,
    );
    await queryRunner.query(
      `CREATE TABLE "event_sign_up" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "volunteer_id" uuid NOT NULL, "status" "public"."sign_up_status" NOT NULL, "signed_up_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE, "checked_in_at" TIMESTAMP WITH TIME ZONE, "checked_out_at" TIMESTAMP WITH TIME ZONE, "check_in_method" character varying(16), "checked_in_by_staff_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b4814d2d9b83b85484f03444a9d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "event_sign_up_volunteer_id_idx" ON "event_sign_up" ("volunteer_id") `);
    await queryRunner.query(
      `CREATE INDEX "event_sign_up_queue_idx" ON "event_sign_up" ("event_id", "status", "signed_up_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "event_sign_up_event_volunteer_key" ON "event_sign_up" ("event_id", "volunteer_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outreach_event_record" ("event_id" uuid NOT NULL, "people_served" integer NOT NULL, "services" jsonb NOT NULL DEFAULT '[]', "photo_urls" text array NOT NULL DEFAULT '{}', "summary" text, "recorded_by_staff_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a82da022e10b547358fd3b0b6f8" PRIMARY KEY ("event_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "volunteer_certificate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "certificate_no" character varying(24) NOT NULL, "sign_up_id" uuid NOT NULL, "volunteer_id" uuid NOT NULL, "event_id" uuid NOT NULL, "volunteer_name" character varying(32) NOT NULL, "event_title" character varying(100) NOT NULL, "event_kind" character varying(16) NOT NULL, "region_name" character varying(64) NOT NULL, "place" character varying(200) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_out_at" TIMESTAMP WITH TIME ZONE, "service_minutes" integer NOT NULL, "issued_by" character varying(100) NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ffe063d0e4afd8586e7b1649a30" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "volunteer_certificate_no_key" ON "volunteer_certificate" ("certificate_no") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "volunteer_certificate_sign_up_id_key" ON "volunteer_certificate" ("sign_up_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "volunteer_certificate_volunteer_id_idx" ON "volunteer_certificate" ("volunteer_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer_team" ADD CONSTRAINT "volunteer_team_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer_team" ADD CONSTRAINT "volunteer_team_leader_volunteer_id_fkey" FOREIGN KEY ("leader_volunteer_id") REFERENCES "volunteer"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer" ADD CONSTRAINT "volunteer_donor_id_fkey" FOREIGN KEY ("donor_id") REFERENCES "donor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer" ADD CONSTRAINT "volunteer_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "volunteer_team"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event" ADD CONSTRAINT "outreach_event_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event" ADD CONSTRAINT "outreach_event_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_sign_up" ADD CONSTRAINT "event_sign_up_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outreach_event"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_sign_up" ADD CONSTRAINT "event_sign_up_volunteer_id_fkey" FOREIGN KEY ("volunteer_id") REFERENCES "volunteer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_sign_up" ADD CONSTRAINT "event_sign_up_checked_in_by_staff_id_fkey" FOREIGN KEY ("checked_in_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event_record" ADD CONSTRAINT "outreach_event_record_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outreach_event"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event_record" ADD CONSTRAINT "outreach_event_record_recorded_by_staff_id_fkey" FOREIGN KEY ("recorded_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer_certificate" ADD CONSTRAINT "volunteer_certificate_sign_up_id_fkey" FOREIGN KEY ("sign_up_id") REFERENCES "event_sign_up"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer_certificate" ADD CONSTRAINT "volunteer_certificate_volunteer_id_fkey" FOREIGN KEY ("volunteer_id") REFERENCES "volunteer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "volunteer_certificate" DROP CONSTRAINT "volunteer_certificate_volunteer_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "volunteer_certificate" DROP CONSTRAINT "volunteer_certificate_sign_up_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event_record" DROP CONSTRAINT "outreach_event_record_recorded_by_staff_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "outreach_event_record" DROP CONSTRAINT "outreach_event_record_event_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "event_sign_up" DROP CONSTRAINT "event_sign_up_checked_in_by_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "event_sign_up" DROP CONSTRAINT "event_sign_up_volunteer_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "event_sign_up" DROP CONSTRAINT "event_sign_up_event_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "outreach_event" DROP CONSTRAINT "outreach_event_created_by_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "outreach_event" DROP CONSTRAINT "outreach_event_region_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "volunteer" DROP CONSTRAINT "volunteer_team_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "volunteer" DROP CONSTRAINT "volunteer_donor_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "volunteer_team" DROP CONSTRAINT "volunteer_team_leader_volunteer_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "volunteer_team" DROP CONSTRAINT "volunteer_team_region_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_certificate_volunteer_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_certificate_sign_up_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_certificate_no_key"`);
    await queryRunner.query(`DROP TABLE "volunteer_certificate"`);
    await queryRunner.query(`DROP TABLE "outreach_event_record"`);
    await queryRunner.query(`DROP INDEX "public"."event_sign_up_event_volunteer_key"`);
    await queryRunner.query(`DROP INDEX "public"."event_sign_up_queue_idx"`);
    await queryRunner.query(`DROP INDEX "public"."event_sign_up_volunteer_id_idx"`);
    await queryRunner.query(`DROP TABLE "event_sign_up"`);
    await queryRunner.query(`DROP TYPE "public"."sign_up_status"`);
    await queryRunner.query(`DROP INDEX "public"."outreach_event_starts_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outreach_event_region_idx"`);
    await queryRunner.query(`DROP TABLE "outreach_event"`);
    await queryRunner.query(`DROP TYPE "public"."outreach_event_status"`);
    await queryRunner.query(`DROP TYPE "public"."outreach_kind"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_team_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_donor_id_key"`);
    await queryRunner.query(`DROP TABLE "volunteer"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_team_region_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."volunteer_team_name_key"`);
    await queryRunner.query(`DROP TABLE "volunteer_team"`);
    await queryRunner.query(`DROP TYPE "public"."volunteer_team_kind"`);
  }
}
