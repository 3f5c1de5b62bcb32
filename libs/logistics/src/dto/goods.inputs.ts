import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { MAX_CODES } from '../desk';
import { ItemStatus, NeedStatus, OfferStatus } from '../logistics-enums';

const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;
/** A code as scanned or typed; the services check it properly (prefix, symbols, check symbol). */
const CODE_MAX = 32;

@InputType()
export class RegisterItemInput {
  @Field({ description: '品类, e.g. 粮油, 衣物, 被褥, 文具' }) @IsString() @MaxLength(32) category!: string;
  @Field() @IsString() @MaxLength(200) description!: string;
  @Field(() => Int) @IsInt() quantity!: number;
  @Field({ nullable: true, description: '件 when omitted' }) @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @Field({ nullable: true, description: 'NEW, GOOD (when omitted), FAIR or UNUSABLE (rejected at once)' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  condition?: string;
  @Field({ nullable: true, description: 'Why UNUSABLE goods are rejected' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  rejectionReason?: string;
  @Field({ nullable: true, description: 'Never public; masked (张*) in the ledger' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  donorName?: string;
  @Field({ nullable: true, description: 'Never public' }) @IsOptional() @IsString() @MaxLength(20) donorPhone?: string;
  @Field({ nullable: true, description: 'The donor’s offer (OF-…) these goods fulfil' })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_MAX)
  offerCode?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

@InputType()
export class DisinfectionInput {
  @Field(() => [String]) @IsArray() @ArrayMaxSize(MAX_CODES) @IsString({ each: true }) itemCodes!: string[];
  @Field({ description: 'UV, STEAM, CHEMICAL, HEAT or OZONE' }) @IsString() @MaxLength(16) method!: string;
  @Field({ nullable: true, description: 'The agent or its batch (消毒剂/批号)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agent?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
  @Field({ nullable: true, description: 'When it was done (now when omitted; at most a week ago)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  performedAt?: Date;
}

@InputType()
export class PackParcelInput {
  @Field(() => [String]) @IsArray() @ArrayMaxSize(MAX_CODES) @IsString({ each: true }) itemCodes!: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) note?: string;
}

@InputType()
export class AnswerNeedInput extends PackParcelInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的帮扶需求编号' }) needId!: string;
}

@InputType({ isAbstract: true })
export class ReceiptInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的帮扶对象（农户）编号' }) householdId!: string;
  @Field({ description: '签收人: who received the goods' }) @IsString() @MaxLength(32) receivedBy!: string;
  @Field({ nullable: true, description: 'The receiver’s signature: a PNG, base64 or a data: URL' })
  @IsOptional()
  @IsString()
  @MaxLength(400_000)
  signaturePng?: string;
  @Field({
    nullable: true,
    description: 'Instead of a signature: the last six characters of the head’s identity number',
  })
  @IsOptional()
  @IsString()
  @MaxLength(6)
  confirmationCode?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

@InputType()
export class DeliverParcelInput extends ReceiptInput {
  @Field() @IsString() @MaxLength(CODE_MAX) parcelCode!: string;
}

@InputType()
export class DeliverItemsInput extends ReceiptInput {
  @Field(() => [String]) @IsArray() @ArrayMaxSize(MAX_CODES) @IsString({ each: true }) itemCodes!: string[];
}

@InputType()
export class AdjustStockInput {
  @Field() @IsString() @MaxLength(CODE_MAX) itemCode!: string;
  @Field(() => Int, { description: 'What the stock-take found; 0 writes the item off' })
  @IsInt()
  countedQuantity!: number;
  @Field({ description: '原因: damaged, expired, missing, …' }) @IsString() @MaxLength(200) reason!: string;
}

@InputType()
export class HouseholdMemberInput {
  @Field() @IsString() @MaxLength(32) name!: string;
  @Field() @IsString() @MaxLength(16) relation!: string;
}

@InputType()
export class CreateHouseholdInput {
  @Field({ description: 'The village' })
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;
  @Field() @IsString() @MaxLength(32) headName!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(18) identityNumber?: string;
  @Field(() => Int, { description: 'The head included' }) @IsInt() memberCount!: number;
  @Field(() => [HouseholdMemberInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberInput)
  members?: HouseholdMemberInput[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) needs?: string;
}

@InputType()
export class UpdateHouseholdInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(32) headName?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(18) identityNumber?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() memberCount?: number;
  @Field(() => [HouseholdMemberInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberInput)
  members?: HouseholdMemberInput[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) needs?: string;
}

@InputType()
export class PostNeedInput {
  @Field({ nullable: true, description: 'The village; your own when omitted' })
  @IsOptional()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的帮扶对象（农户）编号' })
  householdId?: string;
  @Field() @IsString() @MaxLength(32) category!: string;
  @Field(() => Int) @IsInt() quantity!: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

@InputType()
export class CreateOfferInput {
  @Field() @IsString() @MaxLength(32) category!: string;
  @Field() @IsString() @MaxLength(200) description!: string;
  @Field(() => Int) @IsInt() quantity!: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(16) unit?: string;
  @Field(() => ID, { description: 'The centre the goods will be brought to' })
  @IsUUID('all', { message: '不是有效的服务站点编号' })
  dropOffNodeId!: string;
  @Field({ nullable: true, description: 'Shown masked (张*) in the public ledger' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  donorName?: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() anonymous?: boolean;
}

@ArgsType()
export class CodeArgs {
  @Field({ description: 'As scanned or typed' }) @IsString() @MaxLength(CODE_MAX) code!: string;
}

@ArgsType()
export class ParcelCodeArgs {
  @Field() @IsString() @MaxLength(CODE_MAX) parcelCode!: string;
}

@ArgsType()
export class DispatchArgs extends ParcelCodeArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的服务站点编号' }) toNodeId!: string;
}

@ArgsType()
export class NodeIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的服务站点编号' }) nodeId!: string;
}

@ArgsType()
export class RegionCodeArgs {
  @Field()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;
}

@ArgsType()
export class HouseholdIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的帮扶对象（农户）编号' }) householdId!: string;
}

@ArgsType()
export class NeedIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的帮扶需求编号' }) needId!: string;
}

@ArgsType()
export class ItemFilterArgs {
  @Field(() => ID, { nullable: true, description: 'One centre; every centre in your scope when omitted' })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的服务站点编号' })
  nodeId?: string;
  @Field(() => [ItemStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(ItemStatus, { each: true })
  status?: ItemStatus[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(32) category?: string;
}

@ArgsType()
export class ItemsArgs extends ItemFilterArgs {
  @Field(() => Int, { defaultValue: 100 }) @IsInt() @Min(1) @Max(500) first = 100;
}

@ArgsType()
export class ItemPageArgs extends ItemFilterArgs {
  @Field(() => Int, { defaultValue: 50 }) @IsInt() @Min(1) @Max(100) first = 50;
  @Field({ nullable: true, description: "The previous page's nextAfter" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

@ArgsType()
export class GoodsOffersArgs extends RegionCodeArgs {
  @Field(() => [OfferStatus], { nullable: true, description: 'OPEN when omitted' })
  @IsOptional()
  @IsArray()
  @IsEnum(OfferStatus, { each: true })
  status?: OfferStatus[];
}

@ArgsType()
export class NeedsArgs extends RegionCodeArgs {
  @Field(() => [NeedStatus], { nullable: true, description: 'OPEN when omitted' })
  @IsOptional()
  @IsArray()
  @IsEnum(NeedStatus, { each: true })
  status?: NeedStatus[];
}
