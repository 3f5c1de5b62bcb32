import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { maskDonor } from '@shanchou/ledger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RemittanceEntity, RemittanceLineEntity } from '../remittance.entities';
import { MAX_REMITTANCE_LINES } from '../remittance.service';

@InputType()
export class RemittanceLineInput {
  @Field(() => String, {
    nullable: true,
    description: 'The member as the unit reported them; none for the unit’s own gift',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean | null;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) amountFen!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The member’s mobile if the unit reported it: once they prove it by SMS the gift is in their 我的捐赠',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string | null;
}

@InputType()
export class RecordRemittanceInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的单位编号' }) organizationId!: string;
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) amountFen!: number;
  @Field({ description: 'BANK_TRANSFER, CASH or CHEQUE' }) @IsString() @MaxLength(20) channel!: string;
  @Field({ description: 'The day the money arrived: 2026-12-01' }) @IsString() @MaxLength(10) receivedOn!: string;
  @Field({ description: 'The bank’s 交易流水号, or the receipt or cheque number' })
  @IsString()
  @MaxLength(64)
  reference!: string;
  @Field(() => ID, { description: 'The voucher’s scan: POST /files, purpose attachment' })
  @IsUUID('all', { message: '不是有效的文件编号' })
  voucherFileId!: string;
  @Field(() => [RemittanceLineInput], {
    description: 'One line per member as the unit reported them; add up to amountFen',
  })
  @IsArray()
  @ArrayMaxSize(MAX_REMITTANCE_LINES)
  @ValidateNested({ each: true })
  @Type(() => RemittanceLineInput)
  lines!: RemittanceLineInput[];
}

@InputType()
export class RecordOfflineGiftInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) amountFen!: number;
  @Field({ description: 'CASH, BANK_TRANSFER or CHEQUE' }) @IsString() @MaxLength(20) channel!: string;
  @Field({ description: 'The day it was given: 2026-12-01' }) @IsString() @MaxLength(10) receivedOn!: string;
  @Field({ description: 'The voucher’s number: the cash receipt stub, the transfer’s 流水号, the cheque’s number' })
  @IsString()
  @MaxLength(64)
  reference!: string;
  @Field(() => ID, { description: 'The voucher’s scan: POST /files, purpose attachment' })
  @IsUUID('all', { message: '不是有效的文件编号' })
  voucherFileId!: string;
  @Field(() => String, { nullable: true, description: 'The giver’s name; none only when anonymous' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  name?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) message?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The giver’s mobile, if they want to find the gift in 我的捐赠: once they prove it by SMS it is theirs',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string | null;
  @Field(() => ID, { nullable: true, description: 'Given on behalf of a unit or branch in your scope' })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的单位编号' })
  organizationId?: string | null;
}

@ArgsType()
export class RemittancesArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的项目编号' })
  campaignId?: string;
  @Field(() => String, {
    nullable: true,
    description: 'AWAITING_CONFIRMATION, CONFIRMED, AWAITING_REVERSAL or REVERSED',
  })
  @IsOptional()
  @IsString()
  status?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() first?: number;
}

@ArgsType()
export class RemittanceIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的汇款编号' }) id!: string;
}

@ArgsType()
export class ReverseRemittanceArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的汇款编号' }) id!: string;
  @Field({ description: '冲正的原因' }) @IsString() @MaxLength(200) reason!: string;
}

@ObjectType('RemittanceLine', { description: '汇款明细的一行' })
export class RemittanceLineObject {
  @Field(() => Int) line!: number;
  @Field(() => String, {
    nullable: true,
    description: 'The name as the unit reported it, for staff checking the split (null: the unit’s own gift)',
  })
  name!: string | null;
  @Field() anonymous!: boolean;
  @Field({ description: 'As the public sees it: masked (张*), 爱心人士 when anonymous, or the unit' })
  displayName!: string;
  @Field(() => SafeInt) amountFen!: number;
  @Field(() => String, { nullable: true, description: 'The member’s phone if reported, masked (138****1234)' })
  phone!: string | null;

  static from(l: RemittanceLineEntity, unitName: string | null): RemittanceLineObject {
    return Object.assign(new RemittanceLineObject(), {
      line: l.line,
      name: l.name,
      anonymous: l.anonymous,
      displayName: l.name === null && !l.anonymous && unitName ? unitName : maskDonor(l.name, l.anonymous),
      amountFen: Number(l.amountFen),
      phone: l.giverPhoneMasked,
    });
  }
}

@ObjectType('Remittance', { description: '线下汇款：单位汇来的银行转账、现金或支票，按明细拆成捐赠' })
export class RemittanceObject {
  @Field(() => ID) id!: string;
  @Field(() => SafeInt) amountFen!: number;
  @Field({ description: 'BANK_TRANSFER, CASH or CHEQUE' }) channel!: string;
  @Field({
    description:
      'AWAITING_CONFIRMATION (a second district admin confirms), CONFIRMED, AWAITING_REVERSAL or REVERSED (冲正)',
  })
  status!: string;
  @Field() receivedOn!: string;
  @Field() reference!: string;
  @Field(() => ID) voucherFileId!: string;
  @Field() recordedAt!: Date;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => String, { nullable: true, description: '冲正: why it was (or is being) taken off' })
  reversalReason!: string | null;
  @Field(() => Date, { nullable: true }) reversedAt!: Date | null;
  organizationId!: string | null;
  campaignId!: string;
  recordedBy!: string;
  reversalRequestedBy!: string | null;

  static from(r: RemittanceEntity): RemittanceObject {
    return Object.assign(new RemittanceObject(), {
      id: r.id,
      amountFen: Number(r.amountFen),
      channel: r.channel,
      status: r.status,
      receivedOn: r.receivedOn,
      reference: r.reference,
      voucherFileId: r.voucherFileId,
      recordedAt: r.recordedAt,
      confirmedAt: r.confirmedAt,
      reversalReason: r.reversalReason,
      reversedAt: r.reversedAt,
      organizationId: r.organizationId,
      campaignId: r.campaignId,
      recordedBy: r.recordedBy,
      reversalRequestedBy: r.reversalRequestedBy,
    });
  }
}

@ObjectType('OfflineRecord', { description: '线下捐赠的经办记录：收款日期、凭证号、经办人' })
export class OfflineRecordObject {
  @Field({ description: 'The day it was received: 2026-12-07' }) receivedOn!: string;
  @Field({ description: 'The voucher’s number: the receipt stub, the 流水号, the cheque’s number' }) reference!: string;
  @Field({ description: '经办人: who recorded it' }) recordedBy!: string;
}
