import type { FundsMovement } from '../funds.service';
import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CampaignKind, CampaignStatus } from '../campaign-kind';
import { CampaignEntity } from '../campaign.entity';
import { CAMPAIGN_IMAGES_MAX } from '../campaign.service';

@ObjectType('Campaign', { description: '募捐活动: 慈心一日捐, 一元爱心党费, or a project' })
export class CampaignObject {
  @Field(() => ID) id!: string;
  @Field() slug!: string;
  @Field(() => CampaignKind) kind!: CampaignKind;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) story!: string | null;
  @Field(() => CampaignStatus) status!: CampaignStatus;
  @Field(() => SafeInt, { nullable: true }) goalFen!: number | null;
  @Field(() => SafeInt) raisedFen!: number;
  @Field(() => Int) donationCount!: number;
  @Field(() => SafeInt, { nullable: true, description: 'The only amount accepted (一元爱心党费: 100)' })
  fixedAmountFen!: number | null;
  @Field(() => [SafeInt]) suggestedAmountsFen!: number[];
  @Field(() => SafeInt) minAmountFen!: number;
  @Field(() => SafeInt) maxAmountFen!: number;
  @Field(() => Date, { nullable: true }) startsAt!: Date | null;
  @Field(() => Date, { nullable: true }) endsAt!: Date | null;
  /** The files behind coverImageUrl and imageUrls (campaign-media.resolver), for editing them. */
  @Field(() => ID, { nullable: true, description: 'The cover image file (coverImageUrl is its address)' })
  coverImageId!: string | null;
  @Field(() => [ID], { description: 'The gallery files, in order (imageUrls are their addresses)' })
  imageIds!: string[];

  static from(c: CampaignEntity): CampaignObject {
    const num = (v: string | null) => (v === null ? null : Number(v));
    return Object.assign(new CampaignObject(), {
      id: c.id,
      slug: c.slug,
      kind: c.kind,
      title: c.title,
      story: c.story,
      status: c.status,
      goalFen: num(c.goalFen),
      raisedFen: Number(c.raisedFen),
      donationCount: c.donationCount,
      fixedAmountFen: num(c.fixedAmountFen),
      suggestedAmountsFen: c.suggestedAmountsFen.map(Number),
      minAmountFen: Number(c.minAmountFen),
      maxAmountFen: Number(c.maxAmountFen),
      startsAt: c.startsAt,
      endsAt: c.endsAt,
      coverImageId: c.coverImageId,
      imageIds: c.imageIds,
    });
  }
}

@InputType()
export class CreateCampaignInput {
  @Field()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/, {
    message: '须为 3 到 64 个小写字母、数字或 “-”，且不以 “-” 开头或结尾',
  })
  slug!: string;
  @Field(() => CampaignKind) @IsEnum(CampaignKind) kind!: CampaignKind;
  @Field() @IsString() @MaxLength(100) title!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20000) story?: string;
  @Field(() => SafeInt, { nullable: true }) @IsOptional() @IsInt() goalFen?: number;
  @Field(() => [SafeInt], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(8)
  @IsInt({ each: true })
  suggestedAmountsFen?: number[];
  @Field(() => SafeInt, { nullable: true }) @IsOptional() @IsInt() minAmountFen?: number;
  @Field(() => SafeInt, { nullable: true }) @IsOptional() @IsInt() maxAmountFen?: number;
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() startsAt?: Date;
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @Field({ nullable: true, description: 'The region a PROJECT serves' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
  @Field(() => ID, { nullable: true, description: 'A campaign-image file from POST /files' })
  @IsOptional()
  @IsUUID('all', { message: '须为上传图片后得到的文件编号' })
  coverImageId?: string;
  @Field(() => [ID], { nullable: true, description: 'The gallery: campaign-image files, in order' })
  @IsOptional()
  @ArrayMaxSize(CAMPAIGN_IMAGES_MAX)
  @IsUUID('all', { each: true, message: '每一项都须为上传图片后得到的文件编号' })
  imageIds?: string[];
}

@InputType()
export class UpdateCampaignInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20000) story?: string;
  @Field(() => SafeInt, { nullable: true }) @IsOptional() @IsInt() goalFen?: number;
  @Field(() => [SafeInt], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(8)
  @IsInt({ each: true })
  suggestedAmountsFen?: number[];
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @Field(() => ID, { nullable: true, description: 'A campaign-image file; null removes the cover' })
  @IsOptional()
  @IsUUID('all', { message: '须为上传图片后得到的文件编号' })
  coverImageId?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Replaces the gallery: campaign-image files, in order' })
  @IsOptional()
  @ArrayMaxSize(CAMPAIGN_IMAGES_MAX)
  @IsUUID('all', { each: true, message: '每一项都须为上传图片后得到的文件编号' })
  imageIds?: string[];
}

@ArgsType()
export class CampaignsArgs {
  @Field(() => CampaignStatus, { nullable: true }) @IsOptional() @IsEnum(CampaignStatus) status?: CampaignStatus;
}

@ArgsType()
export class CampaignSlugArgs {
  @Field() @IsString() @MaxLength(64) slug!: string;
}

@ArgsType()
export class CampaignIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
}

@InputType()
export class AllocationInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) fromCampaignId!: string;
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) toCampaignId!: string;
  @Field(() => SafeInt) @IsInt() amountFen!: number;
  @Field() @IsString() @MaxLength(200) memo!: string;
}

@ObjectType('FundsMovement', {
  description:
    'The ledger entries a movement of money wrote: queued in its transaction, then integrated by the sequencer (at once for staff movements, or within the merge delay)',
})
export class FundsMovementObject {
  @Field(() => [Int], { description: 'The seqs of its entries integrated when this answer was made, in order' })
  ledgerSeqs!: number[];
  @Field(() => Int, { description: 'Its entries still queued (正在入账) when this answer was made: usually 0' })
  queuedEntries!: number;

  static from(movement: FundsMovement): FundsMovementObject {
    return Object.assign(new FundsMovementObject(), {
      ledgerSeqs: movement.seqs.filter((s): s is number => s !== null),
      queuedEntries: movement.seqs.filter((s) => s === null).length,
    });
  }
}
