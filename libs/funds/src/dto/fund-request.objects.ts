import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { FundRequestEntity, FundRequestObjectionEntity } from '../fund-request.entities';
import { FundRequestStatus, PayeeKind } from '../fund-request-status';

/** Who reads a request: the public (notices: actors masked, nothing personal) or staff in scope. */
export type FundAudience = 'public' | 'staff';

@ObjectType('FundRequestStep', {
  description: 'One gate passed: when, which (上报 评议 公示 审批 报账 验收 驳回), by whom',
})
export class FundRequestStepObject {
  @Field() at!: Date;
  @Field({ description: '关口名称: 上报 评议 公示 审批 报账 验收 驳回' }) gate!: string;
  @Field(() => FundRequestStatus, { description: 'The status the gate led to' }) status!: FundRequestStatus;
  @Field(() => String, { nullable: true, description: 'The staff member; masked (王*) in public' }) actor!:
    string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('FundRequestObjection', { description: '异议 raised during 公示, and its answer (staff only)' })
export class FundRequestObjectionObject {
  @Field(() => ID) id!: string;
  @Field() text!: string;
  @Field(() => String, { nullable: true, description: 'To call back on' }) phone!: string | null;
  @Field({ description: 'Recorded by staff (a call to the supervision phone) rather than sent from the notice' })
  recordedByStaff!: boolean;
  @Field(() => String, { nullable: true }) answer!: string | null;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;
  @Field() createdAt!: Date;

  static from(o: FundRequestObjectionEntity): FundRequestObjectionObject {
    return Object.assign(new FundRequestObjectionObject(), {
      id: o.id,
      text: o.text,
      phone: o.phone,
      recordedByStaff: o.recordedByStaffId !== null,
      answer: o.answer,
      answeredAt: o.answeredAt,
      createdAt: o.createdAt,
    });
  }
}

@ObjectType('FundObjectionReceipt', { description: 'An objection received: the district answers it before approval' })
export class FundObjectionReceiptObject {
  @Field(() => ID) id!: string;
  @Field() receivedAt!: Date;
  @Field(() => String, { nullable: true, description: '监督电话, for anything further' }) supervisionPhone!:
    string | null;
}

@ObjectType('FundRequest', { description: '项目资金申请: money of a campaign for a project, through the six gates' })
export class FundRequestObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'ZJ + the day it was filed + its number of that day: ZJ202612030001' }) code!: string;
  @Field() title!: string;
  @Field({ description: '用途' }) purpose!: string;
  @Field(() => String, { nullable: true, description: '预算明细 (staff only)' }) budget!: string | null;
  @Field(() => SafeInt) amountFen!: number;
  @Field(() => FundRequestStatus) status!: FundRequestStatus;
  @Field(() => Date, { nullable: true, description: '公示 ends; approval waits until then' }) publicUntil!: Date | null;
  @Field(() => String, { nullable: true, description: '监督电话 (FUNDS_SUPERVISION_PHONE)' })
  supervisionPhone!: string | null;
  @Field(() => String, { nullable: true, description: '收款方 as paid (staff only)' }) payee!: string | null;
  @Field(() => PayeeKind, { nullable: true }) payeeKind!: PayeeKind | null;
  @Field(() => String, { nullable: true, description: '凭证号 (staff only)' }) voucherNo!: string | null;
  @Field(() => Int, { nullable: true, description: 'The seq of its DISBURSEMENT in the public ledger' })
  ledgerSeq!: number | null;
  @Field() createdAt!: Date;

  campaignId!: string;
  regionId!: string;
  audience!: FundAudience;

  static from(f: FundRequestEntity, audience: FundAudience, phoneNow: string | null): FundRequestObject {
    const staff = audience === 'staff';
    return Object.assign(new FundRequestObject(), {
      id: f.id,
      code: f.code,
      title: f.title,
      purpose: f.purpose,
      budget: staff ? f.budget : null,
      amountFen: Number(f.amountFen),
      status: f.status,
      publicUntil: f.publicUntil,
      supervisionPhone: f.supervisionPhone ?? phoneNow,
      payee: staff ? f.payee : null,
      payeeKind: staff ? f.payeeKind : null,
      voucherNo: staff ? f.voucherNo : null,
      ledgerSeq: f.ledgerSeq === null ? null : Number(f.ledgerSeq),
      createdAt: f.createdAt,
      campaignId: f.campaignId,
      regionId: f.regionId,
      audience,
    });
  }
}
