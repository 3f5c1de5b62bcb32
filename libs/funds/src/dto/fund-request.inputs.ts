import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_ATTACHMENTS } from '../fund-attachments';
import { FundRequestStatus, PayeeKind } from '../fund-request-status';

const ID_MESSAGE = (what: string) => ({ message: `${what}须为有效的编号` });
const ATTACHMENTS = [
  IsOptional(),
  IsArray({ message: 'attachmentIds 须为文件编号的列表' }),
  ArrayMaxSize(MAX_ATTACHMENTS, { message: `附件最多 ${MAX_ATTACHMENTS} 个` }),
  IsUUID('all', { each: true, message: 'attachmentIds 每一项都须为上传文件后得到的编号' }),
];
const attachments = (target: object, key: string) => ATTACHMENTS.forEach((d) => d(target, key));

@InputType({ description: '上报: a request for project money, with its purpose and budget' })
export class FileFundRequestInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE('campaignId')) campaignId!: string;
  @Field({ description: '标题, up to 100 characters' })
  @IsString()
  @MaxLength(200, { message: '标题最多 100 个字' })
  title!: string;
  @Field(() => SafeInt, { description: '申请金额 in fen: above 0, at most 1,000,000,000 (1000 万元)' })
  @IsInt({ message: '申请金额须为整数（单位：分）' })
  amountFen!: number;
  @Field({ description: 'The region the money is for, inside your scope' })
  @IsString()
  @MaxLength(32, { message: 'regionCode 最多 32 个字符' })
  regionCode!: string;
  @Field({ description: '用途: what the money is for, shown in the public notice' })
  @IsString()
  @MaxLength(4000, { message: '用途最多 2000 个字' })
  purpose!: string;
  @Field(() => String, { nullable: true, description: '预算明细: the budget line by line' })
  @IsOptional()
  @IsString()
  @MaxLength(4000, { message: '预算明细最多 2000 个字' })
  budget?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Files uploaded with purpose `attachment` (plans, quotes)' })
  @attachments
  attachmentIds?: string[] | null;
}

@ArgsType()
export class FundRequestIdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE('fundRequestId')) fundRequestId!: string;
}

@ArgsType()
export class ReviewFundRequestArgs extends FundRequestIdArgs {
  @Field({ description: '评议意见' }) @IsString() @MaxLength(4000, { message: '评议意见最多 2000 个字' }) note!: string;
}

@ArgsType()
export class PublicizeFundRequestArgs extends FundRequestIdArgs {
  @Field(() => Int, { description: '公示天数, 1 to 30: publicUntil = now + days' })
  @IsInt({ message: '公示天数须为整数' })
  @Min(1, { message: '公示天数至少 1 天' })
  @Max(30, { message: '公示天数最多 30 天' })
  days!: number;
}

@ArgsType()
export class ApproveFundRequestArgs extends FundRequestIdArgs {
  @Field(() => String, { nullable: true, description: '审批意见' })
  @IsOptional()
  @IsString()
  @MaxLength(4000, { message: '审批意见最多 2000 个字' })
  note?: string | null;
}

@ArgsType()
export class DisburseFundRequestArgs extends FundRequestIdArgs {
  @Field({ description: '收款方: a household or a person is masked in the public ledger (张*)' })
  @IsString()
  @MaxLength(128, { message: '收款方最多 64 个字' })
  payee!: string;
  @Field(() => PayeeKind, {
    nullable: true,
    description: 'ORGANIZATION shows the payee in full; HOUSEHOLD and PERSON (the default) are masked',
  })
  @IsOptional()
  @IsEnum(PayeeKind, { message: 'payeeKind 须为 ORGANIZATION、HOUSEHOLD 或 PERSON' })
  payeeKind?: PayeeKind | null;
  @Field({ description: '凭证号 of the payment voucher' })
  @IsString()
  @MaxLength(128, { message: '凭证号最多 64 个字' })
  voucherNo!: string;
  @Field(() => [ID], { nullable: true, description: 'Invoices and receipts: files of purpose `attachment`' })
  @attachments
  attachmentIds?: string[] | null;
}

@ArgsType()
export class AcceptFundRequestArgs extends FundRequestIdArgs {
  @Field({ description: '验收意见' }) @IsString() @MaxLength(4000, { message: '验收意见最多 2000 个字' }) note!: string;
  @Field(() => [ID], { nullable: true, description: 'Photos: files of purpose `attachment` or `delivery-photo`' })
  @attachments
  attachmentIds?: string[] | null;
}

@ArgsType()
export class RejectFundRequestArgs extends FundRequestIdArgs {
  @Field({ description: '驳回理由' })
  @IsString()
  @MaxLength(4000, { message: '驳回理由最多 2000 个字' })
  reason!: string;
}

@ArgsType()
export class ObjectToFundRequestArgs extends FundRequestIdArgs {
  @Field({ description: '异议内容, 5 to 1000 characters' })
  @IsString()
  @MaxLength(2000, { message: '异议内容最多 1000 个字' })
  text!: string;
  @Field(() => String, { nullable: true, description: '联系电话, to be called back: staff only, never public' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: '联系电话最多 20 个字符' })
  phone?: string | null;
}

@ArgsType()
export class AnswerObjectionArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE('objectionId')) objectionId!: string;
  @Field({ description: '答复 (or the note of how it was dealt with)' })
  @IsString()
  @MaxLength(2000, { message: '答复最多 1000 个字' })
  answer!: string;
}

@ArgsType()
export class FundRequestsArgs {
  @Field(() => [FundRequestStatus], { nullable: true, description: 'Only these statuses; all when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(7)
  @IsEnum(FundRequestStatus, { each: true, message: 'status 须为 FundRequestStatus 的取值' })
  status?: FundRequestStatus[] | null;
  @Field(() => Int, { nullable: true, defaultValue: 50, description: 'The newest this many (at most 200)' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'first 至少为 1' })
  @Max(200, { message: 'first 最多为 200' })
  first?: number;
  @Field(() => ID, { nullable: true, description: 'The next page: the id of the last request of the one before' })
  @IsOptional()
  @IsUUID('all', { message: 'before 须为上一页最后一条资金申请的编号' })
  before?: string | null;
}
