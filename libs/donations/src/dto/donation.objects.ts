import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { maskDonor } from '@shanchou/ledger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DonationEntity } from '../donation.entity';
import { DonationStatus } from '../donation-status';

@ObjectType('Donation', { description: '一笔捐赠' })
export class DonationObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'Also the WeChat Pay out_trade_no' }) receiptNo!: string;
  @Field(() => SafeInt) amountFen!: number;
  @Field(() => DonationStatus) status!: DonationStatus;
  @Field({ description: 'WECHAT_PAY, or offline: BANK_TRANSFER, CASH, CHEQUE' }) channel!: string;
  @Field(() => Date, { nullable: true }) paidAt!: Date | null;
  @Field({ description: 'Masked (张*), or 爱心人士' }) displayName!: string;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'An offline gift: the phone its giver left, masked (138****1234); whoever proves it by SMS finds the gift',
  })
  giverPhone!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Its public ledger entry: null until paid and integrated (within the merge delay)',
  })
  ledgerSeq!: number | null;
  @Field(() => Date, { nullable: true, description: 'When WeChat Pay settled its refund' }) refundedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'REFUND_FAILED: why WeChat Pay did not refund it' })
  refundFailureReason!: string | null;
  @Field(() => Date, { nullable: true, description: 'REFUND_FAILED: since when' }) refundFailedAt!: Date | null;
  campaignId!: string;
  organizationId!: string | null;
  remittanceId!: string | null;

  static from(d: DonationEntity): DonationObject {
    return Object.assign(new DonationObject(), {
      id: d.id,
      receiptNo: d.receiptNo,
      amountFen: Number(d.amountFen),
      status: d.status,
      channel: d.channel,
      paidAt: d.paidAt,
      displayName: maskDonor(d.donorName, d.anonymous),
      message: d.message,
      giverPhone: d.giverPhoneMasked,
      ledgerSeq: d.ledgerSeq === null ? null : Number(d.ledgerSeq),
      refundedAt: d.refundedAt,
      refundFailureReason: d.status === DonationStatus.REFUND_FAILED ? d.refundFailureReason : null,
      refundFailedAt: d.status === DonationStatus.REFUND_FAILED ? d.refundFailedAt : null,
      campaignId: d.campaignId,
      organizationId: d.organizationId,
      remittanceId: d.remittanceId,
    });
  }
}

@ObjectType('DonationReceipt', {
  description: '电子捐赠证书: what the certificate shows, and where anyone can check it',
})
export class DonationReceiptObject {
  @Field() receiptNo!: string;
  @Field({ description: 'Masked (张*), or 爱心人士' }) donor!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'The name the gift was given under, whole: for its own donor only (null for staff, and for an anonymous gift)',
  })
  donorName!: string | null;
  @Field(() => String, { nullable: true, description: 'The work unit or party branch it was given on behalf of' })
  organizationName!: string | null;
  @Field(() => SafeInt) amountFen!: number;
  @Field({ description: 'The amount in yuan, for the certificate: "50.00"' }) amountYuan!: string;
  @Field() campaignTitle!: string;
  @Field() paidAt!: Date;
  @Field(() => Int, {
    nullable: true,
    description: 'Its DONATION entry in the public ledger: null while queued (正在入账, within the merge delay)',
  })
  ledgerSeq!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'A public page that checks the entry against the signed ledger: null while queued',
  })
  verifyUrl!: string | null;
}

@ObjectType('YearlyStatement', {
  description: "年度捐赠汇总: a donor's paid gifts in one calendar year (Asia/Shanghai)",
})
export class YearlyStatementObject {
  @Field(() => Int) year!: number;
  @Field(() => SafeInt) totalFen!: number;
  @Field(() => Int) gifts!: number;
  @Field(() => [DonationObject]) donations!: DonationObject[];
}

@ArgsType()
export class YearArgs {
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year!: number;
}

@ObjectType('WechatPayParams', { description: "For WeixinJSBridge.invoke('getBrandWCPayRequest', …)" })
export class WechatPayParamsObject {
  @Field() appId!: string;
  @Field() timeStamp!: string;
  @Field() nonceStr!: string;
  @Field() package!: string;
  @Field() signType!: string;
  @Field() paySign!: string;
}

@ObjectType('DonationCheckout')
export class DonationCheckoutObject {
  @Field(() => DonationObject) donation!: DonationObject;
  @Field(() => WechatPayParamsObject) payParams!: WechatPayParamsObject;
}

@InputType()
export class CreateDonationInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) amountFen!: number;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) message?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的单位编号' })
  organizationId?: string;
}

@ArgsType()
export class RefundArgs {
  @Field()
  @Matches(/^[\w-]{6,32}$/, { message: '不是有效的捐赠编号（收据号）：只含字母、数字、_ 和 -，6 到 32 位' })
  receiptNo!: string;
  @Field() @IsString() @MaxLength(80) reason!: string;
}

@ArgsType()
export class ReceiptArgs {
  @Field()
  @Matches(/^[\w-]{6,32}$/, { message: '不是有效的捐赠编号（收据号）：只含字母、数字、_ 和 -，6 到 32 位' })
  receiptNo!: string;
}

@InputType({ description: '捐赠查询: every field narrows the search, none is required' })
export class DonationSearchInput {
  @Field({ nullable: true, description: 'The receipt number (WeChat Pay out_trade_no), exactly' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'receiptNo: 收据号只含字母、数字、_ 和 -，最长 32 位' })
  receiptNo?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId: 不是项目编号' })
  campaignId?: string;

  @Field(() => ID, { nullable: true, description: 'Given on behalf of this organisation' })
  @IsOptional()
  @IsUUID('all', { message: 'organizationId: 不是单位编号' })
  organizationId?: string;

  @Field(() => [DonationStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEnum(DonationStatus, { each: true })
  status?: DonationStatus[];

  @Field({ nullable: true, description: 'Placed at or after' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Placed before' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field(() => SafeInt, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'minAmountFen: 金额不能为负' })
  minAmountFen?: number;

  @Field(() => SafeInt, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'maxAmountFen: 金额不能为负' })
  maxAmountFen?: number;
}

@ArgsType()
export class DonationSearchArgs {
  @Field(() => DonationSearchInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DonationSearchInput)
  filter?: DonationSearchInput;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first!: number;

  @Field({ nullable: true, description: "The previous page's nextBefore" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  before?: string;
}

@ObjectType('DonationSearchPage')
export class DonationSearchPageObject {
  @Field(() => [DonationObject]) donations!: DonationObject[];
  @Field(() => String, { nullable: true, description: 'Pass as `before` for the next (older) page; null on the last' })
  nextBefore!: string | null;
}
