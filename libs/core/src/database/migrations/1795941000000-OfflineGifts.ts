import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gifts that do not come through WeChat Pay (issue 18): every donation has a channel; an offline
 * one has no donor account and belongs to a remittance, which holds its voucher and its recorder.
 */
export class OfflineGifts1795941000000 implements MigrationInterface {
  name = 'OfflineGifts1795941000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."donation_channel" AS ENUM('WECHAT_PAY', 'BANK_TRANSFER', 'CASH', 'CHEQUE')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."remittance_status" AS ENUM('AWAITING_CONFIRMATION', 'CONFIRMED')`);
    await queryRunner.query(
      `CREATE TABLE "remittance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "region_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "channel" "public"."donation_channel" NOT NULL, "received_on" date NOT NULL, "reference" character varying(64) NOT NULL, "voucher_file_id" uuid NOT NULL, "status" "public"."remittance_status" NOT NULL, "threshold_fen" bigint NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_by" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "remittance_second_person_check" CHECK (confirmed_by IS NULL OR confirmed_by <> recorded_by OR amount_fen <= threshold_fen), CONSTRAINT "remittance_confirmed_check" CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL)), CONSTRAINT "remittance_channel_check" CHECK (channel <> 'WECHAT_PAY'), CONSTRAINT "remittance_amount_check" CHECK (amount_fen > 0), CONSTRAINT "PK_a2004a52b19bb77c4a4d310c85f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "remittance_campaign_idx" ON "remittance" ("campaign_id", "received_on") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "remittance_channel_reference_key" ON "remittance" ("channel", "reference") `,
    );
    await queryRunner.query(
      `CREATE TABLE "remittance_line" ("remittance_id" uuid NOT NULL, "line" integer NOT NULL, "name" character varying(64), "anonymous" boolean NOT NULL, "amount_fen" bigint NOT NULL, "donation_id" uuid, CONSTRAINT "remittance_line_amount_check" CHECK (amount_fen > 0), CONSTRAINT "PK_c43d685a11324f1c3e57a1b93c0" PRIMARY KEY ("remittance_id", "line"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "remittance_line_donation_key" ON "remittance_line" ("donation_id") WHERE donation_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation" ADD "channel" "public"."donation_channel" NOT NULL DEFAULT 'WECHAT_PAY'`,
    );
    await queryRunner.query(`ALTER TABLE "donation" ADD "remittance_id" uuid`);
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "donor_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "donation_remittance_idx" ON "donation" ("remittance_id") WHERE remittance_id IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation" ADD CONSTRAINT "donation_channel_check" CHECK ((channel = 'WECHAT_PAY' AND donor_id IS NOT NULL AND remittance_id IS NULL) OR (channel <> 'WECHAT_PAY' AND remittance_id IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ADD CONSTRAINT "remittance_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ADD CONSTRAINT "remittance_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance" ADD CONSTRAINT "remittance_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "remittance_line" ADD CONSTRAINT "remittance_line_remittance_id_fkey" FOREIGN KEY ("remittance_id") REFERENCES "remittance"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "donation" ADD CONSTRAINT "donation_remittance_id_fkey" FOREIGN KEY ("remittance_id") REFERENCES "remittance"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "donation" DROP CONSTRAINT "donation_remittance_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "remittance_line" DROP CONSTRAINT "remittance_line_remittance_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP CONSTRAINT "remittance_region_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP CONSTRAINT "remittance_campaign_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "remittance" DROP CONSTRAINT "remittance_organization_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP CONSTRAINT "donation_channel_check"`);
    await queryRunner.query(`DROP INDEX "public"."donation_remittance_idx"`);
    await queryRunner.query(`ALTER TABLE "donation" ALTER COLUMN "donor_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "remittance_id"`);
    await queryRunner.query(`ALTER TABLE "donation" DROP COLUMN "channel"`);
    await queryRunner.query(`DROP INDEX "public"."remittance_line_donation_key"`);
    await queryRunner.query(`DROP TABLE "remittance_line"`);
    await queryRunner.query(`DROP INDEX "public"."remittance_channel_reference_key"`);
    await queryRunner.query(`DROP INDEX "public"."remittance_campaign_idx"`);
    await queryRunner.query(`DROP TABLE "remittance"`);
    await queryRunner.query(`DROP TYPE "public"."remittance_status"`);
    await queryRunner.query(`DROP TYPE "public"."donation_channel"`);
  }
}
