import { MigrationInterface, QueryRunner } from 'typeorm';

export class Logistics1795911505848 implements MigrationInterface {
  name = 'Logistics1795911505848';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "household" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "region_id" uuid NOT NULL, "head_name" character varying(32) NOT NULL, "identity_number" character varying(18), "member_count" smallint NOT NULL, "members" jsonb NOT NULL DEFAULT '[]', "needs" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "household_member_count_check" CHECK (member_count >= 1), CONSTRAINT "PK_26e9111eab2b8908fefe3c645f5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "household_code_key" ON "household" ("code") `);
    await queryRunner.query(`CREATE INDEX "household_region_idx" ON "household" ("region_id", "code") `);
    await queryRunner.query(`CREATE TYPE "public"."need_status" AS ENUM('OPEN', 'ANSWERED', 'FULFILLED', 'CANCELLED')`);
    await queryRunner.query(
      `CREATE TABLE "goods_need" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "region_id" uuid NOT NULL, "household_id" uuid, "category" character varying(32) NOT NULL, "quantity" integer NOT NULL, "unit" character varying(16) NOT NULL, "note" character varying(500), "status" "public"."need_status" NOT NULL DEFAULT 'OPEN', "posted_by_staff_id" uuid NOT NULL, "parcel_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "goods_need_quantity_check" CHECK (quantity > 0), CONSTRAINT "PK_9c4686a8632aaf7ec7ff1002bef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "goods_need_region_idx" ON "goods_need" ("region_id", "status") `);
    await queryRunner.query(
      `CREATE TYPE "public"."parcel_status" AS ENUM('PACKED', 'IN_TRANSIT', 'RECEIVED', 'DELIVERED', 'UNPACKED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "goods_parcel" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "status" "public"."parcel_status" NOT NULL, "packed_node_id" uuid NOT NULL, "from_node_id" uuid, "to_node_id" uuid, "current_node_id" uuid, "note" character varying(200), "need_id" uuid, "delivery_id" uuid, "packed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b4b689d55dab14d5f72ac68453a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "goods_parcel_code_key" ON "goods_parcel" ("code") `);
    await queryRunner.query(`CREATE INDEX "goods_parcel_from_node_idx" ON "goods_parcel" ("from_node_id") `);
    await queryRunner.query(`CREATE INDEX "goods_parcel_to_node_idx" ON "goods_parcel" ("to_node_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "goods_parcel_current_node_idx" ON "goods_parcel" ("current_node_id", "status") `,
    );
    await queryRunner.query(
      `CREATE TABLE "goods_parcel_item" ("parcel_id" uuid NOT NULL, "item_id" uuid NOT NULL, CONSTRAINT "PK_706754854785843a4666476f26f" PRIMARY KEY ("parcel_id", "item_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "goods_parcel_item_item_idx" ON "goods_parcel_item" ("item_id") `);
    await queryRunner.query(`CREATE TYPE "public"."delivery_proof" AS ENUM('SIGNATURE', 'CONFIRMATION_CODE')`);
    await queryRunner.query(
      `CREATE TABLE "delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "household_id" uuid NOT NULL, "node_id" uuid NOT NULL, "parcel_id" uuid, "received_by" character varying(32) NOT NULL, "proof" "public"."delivery_proof" NOT NULL, "signature_png" bytea, "actor_staff_id" uuid NOT NULL, "actor_username" character varying(64) NOT NULL, "note" character varying(500), "delivered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "delivery_signature_check" CHECK (proof <> 'SIGNATURE' OR signature_png IS NOT NULL), CONSTRAINT "PK_ffad7bf84e68716cd9af89003b0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "delivery_node_idx" ON "delivery" ("node_id", "delivered_at") `);
    await queryRunner.query(`CREATE INDEX "delivery_household_idx" ON "delivery" ("household_id", "delivered_at") `);
    await queryRunner.query(`CREATE TYPE "public"."offer_status" AS ENUM('OPEN', 'MATCHED', 'CANCELLED')`);
    await queryRunner.query(
      `CREATE TABLE "goods_offer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "donor_id" uuid NOT NULL, "category" character varying(32) NOT NULL, "description" character varying(200) NOT NULL, "quantity" integer NOT NULL, "unit" character varying(16) NOT NULL, "drop_off_node_id" uuid NOT NULL, "donor_name" character varying(64), "anonymous" boolean NOT NULL DEFAULT false, "status" "public"."offer_status" NOT NULL DEFAULT 'OPEN', "matched_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "goods_offer_quantity_check" CHECK (quantity > 0), CONSTRAINT "PK_62bbfb7016c28e17d72db6b7702" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "goods_offer_code_key" ON "goods_offer" ("code") `);
    await queryRunner.query(`CREATE INDEX "goods_offer_donor_idx" ON "goods_offer" ("donor_id", "created_at") `);
    await queryRunner.query(`CREATE TYPE "public"."item_condition" AS ENUM('NEW', 'GOOD', 'FAIR', 'UNUSABLE')`);
    await queryRunner.query(
      `CREATE TYPE "public"."item_status" AS ENUM('REGISTERED', 'DISINFECTED', 'PACKED', 'IN_TRANSIT', 'DELIVERED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "goods_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(16) NOT NULL, "category" character varying(32) NOT NULL, "description" character varying(200) NOT NULL, "registered_quantity" integer NOT NULL, "quantity" integer NOT NULL, "unit" character varying(16) NOT NULL, "condition" "public"."item_condition" NOT NULL, "status" "public"."item_status" NOT NULL, "rejection_reason" character varying(200), "donor_name" character varying(64), "donor_phone" character varying(32), "registered_node_id" uuid NOT NULL, "node_id" uuid, "parcel_id" uuid, "disinfected_at" TIMESTAMP WITH TIME ZONE, "household_id" uuid, "delivery_id" uuid, "offer_id" uuid, "ledger_seq" bigint, "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "goods_item_rejected_reason_check" CHECK (status <> 'REJECTED' OR rejection_reason IS NOT NULL), CONSTRAINT "goods_item_quantity_check" CHECK (quantity >= 0 AND quantity <= registered_quantity AND registered_quantity > 0), CONSTRAINT "PK_2fd999740ba89a551d5abf33396" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "goods_item_code_key" ON "goods_item" ("code") `);
    await queryRunner.query(`CREATE INDEX "goods_item_offer_idx" ON "goods_item" ("offer_id") `);
    await queryRunner.query(
      `CREATE INDEX "goods_item_registered_node_idx" ON "goods_item" ("registered_node_id", "registered_at") `,
    );
    await queryRunner.query(`CREATE INDEX "goods_item_parcel_idx" ON "goods_item" ("parcel_id") `);
    await queryRunner.query(`CREATE INDEX "goods_item_node_idx" ON "goods_item" ("node_id", "status") `);
    await queryRunner.query(
      `CREATE TYPE "public"."custody_action" AS ENUM('REGISTERED', 'REJECTED', 'DISINFECTED', 'PACKED', 'DISPATCHED', 'RECEIVED', 'UNPACKED', 'DELIVERED', 'STOCK_ADJUSTED', 'WRITTEN_OFF')`,
    );
    await queryRunner.query(
      `CREATE TABLE "custody_event" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" "public"."custody_action" NOT NULL, "item_id" uuid, "parcel_id" uuid, "node_id" uuid NOT NULL, "to_node_id" uuid, "actor_staff_id" uuid NOT NULL, "actor_username" character varying(64) NOT NULL, "note" character varying(500), CONSTRAINT "PK_da6996199f63fb40fa47ef3e85d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "custody_event_parcel_idx" ON "custody_event" ("parcel_id", "id") `);
    await queryRunner.query(`CREATE INDEX "custody_event_item_idx" ON "custody_event" ("item_id", "id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."disinfection_method" AS ENUM('UV', 'STEAM', 'CHEMICAL', 'HEAT', 'OZONE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "disinfection_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "node_id" uuid NOT NULL, "method" "public"."disinfection_method" NOT NULL, "agent" character varying(100), "note" character varying(500), "operator_staff_id" uuid NOT NULL, "performed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6db663ab805fbcaf354df4c218" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "disinfection_record_node_idx" ON "disinfection_record" ("node_id", "performed_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "disinfection_item" ("record_id" uuid NOT NULL, "item_id" uuid NOT NULL, CONSTRAINT "PK_f27e065c2ca8ce02c3c853f3d1b" PRIMARY KEY ("record_id", "item_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "disinfection_item_item_idx" ON "disinfection_item" ("item_id") `);
    await queryRunner.query(
      `CREATE TABLE "stock_adjustment" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "item_id" uuid NOT NULL, "node_id" uuid NOT NULL, "from_quantity" integer NOT NULL, "to_quantity" integer NOT NULL, "reason" character varying(200) NOT NULL, "actor_staff_id" uuid NOT NULL, "actor_username" character varying(64) NOT NULL, CONSTRAINT "PK_a140820a147913d91b4eb3b7e27" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "stock_adjustment_item_idx" ON "stock_adjustment" ("item_id") `);
    await queryRunner.query(`CREATE INDEX "stock_adjustment_node_idx" ON "stock_adjustment" ("node_id", "at") `);
    await queryRunner.query(
      `ALTER TABLE "household" ADD CONSTRAINT "household_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_need" ADD CONSTRAINT "goods_need_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_need" ADD CONSTRAINT "goods_need_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_need" ADD CONSTRAINT "goods_need_posted_by_staff_id_fkey" FOREIGN KEY ("posted_by_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_need" ADD CONSTRAINT "goods_need_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "goods_parcel"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_packed_node_id_fkey" FOREIGN KEY ("packed_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_from_node_id_fkey" FOREIGN KEY ("from_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_to_node_id_fkey" FOREIGN KEY ("to_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_current_node_id_fkey" FOREIGN KEY ("current_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_need_id_fkey" FOREIGN KEY ("need_id") REFERENCES "goods_need"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel" ADD CONSTRAINT "goods_parcel_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel_item" ADD CONSTRAINT "goods_parcel_item_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "goods_parcel"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_parcel_item" ADD CONSTRAINT "goods_parcel_item_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "goods_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "delivery_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "delivery_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "delivery_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "goods_parcel"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "delivery" ADD CONSTRAINT "delivery_actor_staff_id_fkey" FOREIGN KEY ("actor_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_offer" ADD CONSTRAINT "goods_offer_donor_id_fkey" FOREIGN KEY ("donor_id") REFERENCES "donor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_offer" ADD CONSTRAINT "goods_offer_drop_off_node_id_fkey" FOREIGN KEY ("drop_off_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_registered_node_id_fkey" FOREIGN KEY ("registered_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "goods_parcel"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "delivery"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goods_item" ADD CONSTRAINT "goods_item_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "goods_offer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "goods_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_parcel_id_fkey" FOREIGN KEY ("parcel_id") REFERENCES "goods_parcel"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_to_node_id_fkey" FOREIGN KEY ("to_node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "custody_event" ADD CONSTRAINT "custody_event_actor_staff_id_fkey" FOREIGN KEY ("actor_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disinfection_record" ADD CONSTRAINT "disinfection_record_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disinfection_record" ADD CONSTRAINT "disinfection_record_operator_staff_id_fkey" FOREIGN KEY ("operator_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disinfection_item" ADD CONSTRAINT "disinfection_item_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "disinfection_record"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disinfection_item" ADD CONSTRAINT "disinfection_item_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "goods_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_adjustment" ADD CONSTRAINT "stock_adjustment_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "goods_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_adjustment" ADD CONSTRAINT "stock_adjustment_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "service_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_adjustment" ADD CONSTRAINT "stock_adjustment_actor_staff_id_fkey" FOREIGN KEY ("actor_staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The chain of custody and its records are append-only (append_only_guard comes with the audit log).
    await queryRunner.query(
      `CREATE TRIGGER custody_event_append_only BEFORE UPDATE OR DELETE ON "custody_event" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER custody_event_no_truncate BEFORE TRUNCATE ON "custody_event" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER disinfection_record_append_only BEFORE UPDATE OR DELETE ON "disinfection_record" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER disinfection_record_no_truncate BEFORE TRUNCATE ON "disinfection_record" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER disinfection_item_append_only BEFORE UPDATE OR DELETE ON "disinfection_item" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER disinfection_item_no_truncate BEFORE TRUNCATE ON "disinfection_item" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER stock_adjustment_append_only BEFORE UPDATE OR DELETE ON "stock_adjustment" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER stock_adjustment_no_truncate BEFORE TRUNCATE ON "stock_adjustment" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER delivery_append_only BEFORE UPDATE OR DELETE ON "delivery" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER delivery_no_truncate BEFORE TRUNCATE ON "delivery" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER goods_parcel_item_append_only BEFORE UPDATE OR DELETE ON "goods_parcel_item" FOR EACH ROW EXECUTE FUNCTION append_only_guard()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER goods_parcel_item_no_truncate BEFORE TRUNCATE ON "goods_parcel_item" FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER goods_parcel_item_no_truncate ON "goods_parcel_item"`);
    await queryRunner.query(`DROP TRIGGER goods_parcel_item_append_only ON "goods_parcel_item"`);
    await queryRunner.query(`DROP TRIGGER delivery_no_truncate ON "delivery"`);
    await queryRunner.query(`DROP TRIGGER delivery_append_only ON "delivery"`);
    await queryRunner.query(`DROP TRIGGER stock_adjustment_no_truncate ON "stock_adjustment"`);
    await queryRunner.query(`DROP TRIGGER stock_adjustment_append_only ON "stock_adjustment"`);
    await queryRunner.query(`DROP TRIGGER disinfection_item_no_truncate ON "disinfection_item"`);
    await queryRunner.query(`DROP TRIGGER disinfection_item_append_only ON "disinfection_item"`);
    await queryRunner.query(`DROP TRIGGER disinfection_record_no_truncate ON "disinfection_record"`);
    await queryRunner.query(`DROP TRIGGER disinfection_record_append_only ON "disinfection_record"`);
    await queryRunner.query(`DROP TRIGGER custody_event_no_truncate ON "custody_event"`);
    await queryRunner.query(`DROP TRIGGER custody_event_append_only ON "custody_event"`);
    await queryRunner.query(`ALTER TABLE "stock_adjustment" DROP CONSTRAINT "stock_adjustment_actor_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "stock_adjustment" DROP CONSTRAINT "stock_adjustment_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "stock_adjustment" DROP CONSTRAINT "stock_adjustment_item_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disinfection_item" DROP CONSTRAINT "disinfection_item_item_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "disinfection_item" DROP CONSTRAINT "disinfection_item_record_id_fkey"`);
    await queryRunner.query(
      `ALTER TABLE "disinfection_record" DROP CONSTRAINT "disinfection_record_operator_staff_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "disinfection_record" DROP CONSTRAINT "disinfection_record_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "custody_event_actor_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "custody_event_to_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "custody_event_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "custody_event_parcel_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "custody_event" DROP CONSTRAINT "custody_event_item_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_offer_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_delivery_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_parcel_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_item" DROP CONSTRAINT "goods_item_registered_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_offer" DROP CONSTRAINT "goods_offer_drop_off_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_offer" DROP CONSTRAINT "goods_offer_donor_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "delivery_actor_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "delivery_parcel_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "delivery_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "delivery" DROP CONSTRAINT "delivery_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel_item" DROP CONSTRAINT "goods_parcel_item_item_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel_item" DROP CONSTRAINT "goods_parcel_item_parcel_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_delivery_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_need_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_current_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_to_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_from_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_parcel" DROP CONSTRAINT "goods_parcel_packed_node_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_need" DROP CONSTRAINT "goods_need_parcel_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_need" DROP CONSTRAINT "goods_need_posted_by_staff_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_need" DROP CONSTRAINT "goods_need_household_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "goods_need" DROP CONSTRAINT "goods_need_region_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "household" DROP CONSTRAINT "household_region_id_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."stock_adjustment_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."stock_adjustment_item_idx"`);
    await queryRunner.query(`DROP TABLE "stock_adjustment"`);
    await queryRunner.query(`DROP INDEX "public"."disinfection_item_item_idx"`);
    await queryRunner.query(`DROP TABLE "disinfection_item"`);
    await queryRunner.query(`DROP INDEX "public"."disinfection_record_node_idx"`);
    await queryRunner.query(`DROP TABLE "disinfection_record"`);
    await queryRunner.query(`DROP TYPE "public"."disinfection_method"`);
    await queryRunner.query(`DROP INDEX "public"."custody_event_item_idx"`);
    await queryRunner.query(`DROP INDEX "public"."custody_event_parcel_idx"`);
    await queryRunner.query(`DROP TABLE "custody_event"`);
    await queryRunner.query(`DROP TYPE "public"."custody_action"`);
    await queryRunner.query(`DROP INDEX "public"."goods_item_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_item_parcel_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_item_registered_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_item_offer_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_item_code_key"`);
    await queryRunner.query(`DROP TABLE "goods_item"`);
    await queryRunner.query(`DROP TYPE "public"."item_status"`);
    await queryRunner.query(`DROP TYPE "public"."item_condition"`);
    await queryRunner.query(`DROP INDEX "public"."goods_offer_donor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_offer_code_key"`);
    await queryRunner.query(`DROP TABLE "goods_offer"`);
    await queryRunner.query(`DROP TYPE "public"."offer_status"`);
    await queryRunner.query(`DROP INDEX "public"."delivery_household_idx"`);
    await queryRunner.query(`DROP INDEX "public"."delivery_node_idx"`);
    await queryRunner.query(`DROP TABLE "delivery"`);
    await queryRunner.query(`DROP TYPE "public"."delivery_proof"`);
    await queryRunner.query(`DROP INDEX "public"."goods_parcel_item_item_idx"`);
    await queryRunner.query(`DROP TABLE "goods_parcel_item"`);
    await queryRunner.query(`DROP INDEX "public"."goods_parcel_current_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_parcel_to_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_parcel_from_node_idx"`);
    await queryRunner.query(`DROP INDEX "public"."goods_parcel_code_key"`);
    await queryRunner.query(`DROP TABLE "goods_parcel"`);
    await queryRunner.query(`DROP TYPE "public"."parcel_status"`);
    await queryRunner.query(`DROP INDEX "public"."goods_need_region_idx"`);
    await queryRunner.query(`DROP TABLE "goods_need"`);
    await queryRunner.query(`DROP TYPE "public"."need_status"`);
    await queryRunner.query(`DROP INDEX "public"."household_region_idx"`);
    await queryRunner.query(`DROP INDEX "public"."household_code_key"`);
    await queryRunner.query(`DROP TABLE "household"`);
  }
}
