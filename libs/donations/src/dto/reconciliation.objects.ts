import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { Matches } from 'class-validator';
import { ReconciliationDifferenceEntity } from '../reconciliation.entities';
import { ReconciliationReport } from '../reconciliation.service';
import { ReconciliationDifferenceKind, ReconciliationStatus } from '../reconciliation-status';

const fen = (value: string | null): number | null => (value === null ? null : Number(value));

@ObjectType('ReconciliationDifference', {
  description: "对账差异: one trade on which we and WeChat Pay's bill disagree",
})
export class ReconciliationDifferenceObject {
  @Field(() => ReconciliationDifferenceKind) kind!: ReconciliationDifferenceKind;
  @Field({ description: '商户订单号: the receipt number' }) outTradeNo!: string;
  @Field(() => String, { nullable: true, description: '商户退款单号, for a refund' }) outRefundNo!: string | null;
  @Field(() => String, { nullable: true, description: '微信订单号' }) transactionId!: string | null;
  @Field(() => SafeInt, { nullable: true, description: 'Our amount, fen; null when we have none' })
  ourAmountFen!: number | null;
  @Field(() => SafeInt, { nullable: true, description: "The bill's amount, fen; null when it has none" })
  billAmountFen!: number | null;
  @Field() note!: string;

  static from(d: ReconciliationDifferenceEntity): ReconciliationDifferenceObject {
    return Object.assign(new ReconciliationDifferenceObject(), {
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

  static from({ date, run, differences }: ReconciliationReport): ReconciliationReportObject {
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
      differences: differences.map((d) => ReconciliationDifferenceObject.from(d)),
    });
  }
}

@ArgsType()
export class ReconciliationDateArgs {
  @Field({ description: 'An Asia/Shanghai business day, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a day written YYYY-MM-DD' })
  date!: string;
}
