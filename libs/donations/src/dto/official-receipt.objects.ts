import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { OfficialReceiptRequestEntity } from '../official-receipt.entity';

@InputType()
export class RequestOfficialReceiptInput {
  @Field({ description: 'The gift’s receipt number' }) @IsString() @MaxLength(64) receiptNo!: string;
  @Field({ description: '抬头: your name, or your unit’s full name' }) @IsString() @MaxLength(100) title!: string;
  @Field(() => String, { nullable: true, description: '统一社会信用代码, when the title is a unit' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  taxId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) email?: string | null;
}

@InputType()
export class OfficialReceiptDetailsInput {
  @Field({ description: '抬头: the unit’s full name' }) @IsString() @MaxLength(100) title!: string;
  @Field(() => String, { nullable: true, description: '统一社会信用代码' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  taxId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) email?: string | null;
}

@ArgsType()
export class RemittanceReceiptArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的汇款编号' }) remittanceId!: string;
  @Field(() => OfficialReceiptDetailsInput)
  @ValidateNested()
  @Type(() => OfficialReceiptDetailsInput)
  input!: OfficialReceiptDetailsInput;
}

@ArgsType()
export class IssueOfficialReceiptArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的申请编号' }) requestId!: string;
  @Field({ description: 'The number printed on the 票据' }) @IsString() @MaxLength(50) officialReceiptNo!: string;
  @Field(() => ID, { description: 'Its scan or file: POST /files, purpose official-receipt' })
  @IsUUID('all', { message: '不是有效的文件编号' })
  fileId!: string;
}

@ArgsType()
export class RefuseOfficialReceiptArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的申请编号' }) requestId!: string;
  @Field({ description: 'Why, for the one who asked' }) @IsString() @MaxLength(200) reason!: string;
}

@ArgsType()
export class OfficialReceiptRequestsArgs {
  @Field(() => String, { nullable: true, description: 'REQUESTED, ISSUED or REFUSED' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  status?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() first?: number;
}

@ObjectType('OfficialReceiptRequest', { description: '公益事业捐赠票据的申请，及开具后的票据' })
export class OfficialReceiptRequestObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'The gift’s receipt number, or a whole remittance’s voucher reference' }) receiptNo!: string;
  @Field({ description: 'GIFT (one gift, asked by its donor) or REMITTANCE (a unit’s whole remittance)' })
  kind!: string;
  @Field(() => SafeInt) amountFen!: number;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) taxId!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field({ description: 'REQUESTED, ISSUED or REFUSED' }) status!: string;
  @Field(() => String, { nullable: true }) officialReceiptNo!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Once issued: a signed address of the 票据’s file, for the donor it was issued to or staff',
  })
  fileUrl!: string | null;
  @Field() requestedAt!: Date;
  @Field(() => Date, { nullable: true }) issuedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'REFUSED: why' }) refusedReason!: string | null;
  @Field(() => ID, { nullable: true }) remittanceId!: string | null;

  static from(r: OfficialReceiptRequestEntity, fileUrl: string | null): OfficialReceiptRequestObject {
    return Object.assign(new OfficialReceiptRequestObject(), {
      id: r.id,
      receiptNo: r.receiptNo,
      kind: r.remittanceId ? 'REMITTANCE' : 'GIFT',
      amountFen: Number(r.amountFen),
      title: r.title,
      taxId: r.taxId,
      email: r.email,
      status: r.status,
      officialReceiptNo: r.officialReceiptNo,
      fileUrl,
      requestedAt: r.requestedAt,
      issuedAt: r.issuedAt,
      refusedReason: r.refusedReason,
      remittanceId: r.remittanceId,
    });
  }
}
