import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ReconciliationDifferenceEntity, ReconciliationResolutionEntity } from '../reconciliation.entities';
import { ReconciliationReport, resolutionKey } from '../reconciliation.service';
import { ReconciliationDifferenceKind, ReconciliationStatus } from '../reconciliation-status';

const fen = (value: string | null): number | null => (value === null ? null : Number(value));

@ObjectType('ReconciliationResolution', { description: '差异处理说明: how a district admin resolved a difference' })
export class ReconciliationResolutionObject {
  @Field() note!: string;
  @Field({ description: 'The username of the district admin who wrote the note' }) resolvedBy!: string;
  @Field() resolvedAt!: Date;

  static from(r: ReconciliationResolutionEntity): ReconciliationResolutionObject {
    return Object.assign(new ReconciliationResolutionObject(), {
      note: r.note,
      resolvedBy: r.resolvedBy,
      resolvedAt: r.resolvedAt,
    });
  }
}

@ObjectType('ReconciliationDifference', {
  description: "对账差异: one trade on which we and WeChat Pay's bill disagree",
})
export class ReconciliationDifferenceObject {
  @Field(() => ID, { description: 'For resolveReconciliationDifference; a rerun of the day gives new ids' })
  id!: string;
  @Field(() => ReconciliationDifferenceKind) kind!: ReconciliationDifferenceKind;
  @Field({ description: '商户订单号: the receipt number' }) outTradeNo!: string;
  @Field(() => String, { nullable: true, description: '商户退款单号, for a refund' }) outRefundNo!: string | null;
  @Field(() => String, { nullable: true, description: '微信订单号' }) transactionId!: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'Our amount, fen; null when we have none' })
  ourAmountFen!: number | null;
  @Field(() => SafeInt, { nullable: true, description: "The bill's amount, fen; null when it has none" })
  billAmountFen!: number | null;
  @Field() note!: string;
  @Field(() => ReconciliationResolutionObject, {
    nullable: true,
    description: 'The note on how it was resolved, who wrote it and when; null while unresolved',
  })
  resolution!: ReconciliationResolutionObject | null;

  static from(
    d: ReconciliationDifferenceEntity,
    resolution?: ReconciliationResolutionEntity | null,
  ): ReconciliationDifferenceObject {
    return Object.assign(new ReconciliationDifferenceObject(), {
      id: d.id,
      resolution: resolution ? ReconciliationResolutionObject.from(resolution) : null,
      kind: d.kind,
      outTradeNo: d.outTradeNo,
      outRefundNo: d.outRefundNo,
      transactionId: d.transactionId,
      ourAmountFen: fen(d.ourAmountFen),
      billAmountFen: fen(d.billAmountFen),
      note: d.note,
    });
  }
}

@ObjectType('ReconciliationReport', {
  description: "对账单: a business day's donations against WeChat Pay's trade bill, as last reconciled",
})
export class ReconciliationReportObject {
  @Field({ description: 'The Asia/Shanghai business day, YYYY-MM-DD' }) date!: string;
  @Field(() => ReconciliationStatus) status!: ReconciliationStatus;
  @Field(() => String, { nullable: true, description: 'Why the run FAILED' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'SHA-1 of the bill, as WeChat Pay signed it and as checked' })
  billSha1!: string | null;
  @Field(() => Int) ourPaymentCount!: number;
  @Field(() => SafeInt) ourPaymentFen!: number;
  @Field(() => Int) ourRefundCount!: number;
  @Field(() => SafeInt) ourRefundFen!: number;
  @Field(() => Int, { nullable: true, description: "The bill's side; null when the run FAILED" })
  billPaymentCount!: number | null;
  @Field(() => SafeInt, { nullable: true }) billPaymentFen!: number | null;
  @Field(() => Int, { nullable: true }) billRefundCount!: number | null;
  @Field(() => SafeInt, { nullable: true }) billRefundFen!: number | null;
  @Field(() => Int) differenceCount!: number;
  @Field() startedAt!: Date;
  @Field() finishedAt!: Date;
  @Field(() => [ReconciliationDifferenceObject]) differences!: ReconciliationDifferenceObject[];

  static from({ date, run, differences, resolutions }: ReconciliationReport): ReconciliationReportObject {
    const notes = new Map(resolutions.map((r) => [resolutionKey(r), r]));
    return Object.assign(new ReconciliationReportObject(), {
      date,
      status: run.status,
      reason: run.reason,
      billSha1: run.billSha1,
      ourPaymentCount: run.ourPaymentCount,
      ourPaymentFen: Number(run.ourPaymentFen),
      ourRefundCount: run.ourRefundCount,
      ourRefundFen: Number(run.ourRefundFen),
      billPaymentCount: run.billPaymentCount,
      billPaymentFen: fen(run.billPaymentFen),
      billRefundCount: run.billRefundCount,
      billRefundFen: fen(run.billRefundFen),
      differenceCount: run.differenceCount,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      differences: differences.map((d) => ReconciliationDifferenceObject.from(d, notes.get(resolutionKey(d)))),
    });
  }
}

@ArgsType()
export class ReconciliationDateArgs {
  @Field({ description: 'An Asia/Shanghai business day, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '日期应写作 YYYY-MM-DD，如 2026-12-03' })
  date!: string;
}

@ArgsType()
export class ResolveDifferenceArgs {
  @Field(() => ID, { description: "A difference's id in the day's latest reconciliationReport" })
  @IsUUID('all', { message: '不是有效的对账差异编号' })
  differenceId!: string;

  @Field({ description: '处理说明: what was found and done (at most 500 characters)' })
  @IsString()
  @MaxLength(500)
  note!: string;
}
