import { ArgsType, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { OrganizationKind } from '../organization-kind';
import { OrganizationView, RankingLine, RosterImport, RosterMemberView } from '../organization.service';

const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;

@ObjectType('Organization', { description: '单位 or 党支部, as donors pick it' })
export class OrganizationObject {
  @Field(() => ID) id!: string;
  @Field(() => OrganizationKind) kind!: OrganizationKind;
  @Field() name!: string;
  @Field() regionCode!: string;
  @Field() regionName!: string;

  static from(view: OrganizationView): OrganizationObject {
    return Object.assign(new OrganizationObject(), view);
  }
}

@ObjectType('OrganizationStanding', {
  description: "An organisation's participation in a campaign: figures only, never a person",
})
export class OrganizationStandingObject {
  @Field(() => Int) rank!: number;
  @Field(() => OrganizationObject) organization!: OrganizationObject;
  @Field(() => Int, { nullable: true, description: 'Members on the imported roster; null without one' })
  rosterSize!: number | null;
  @Field(() => Int, { description: 'Distinct donors with a paid gift on its behalf' })
  participants!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'participants / rosterSize, at most 1, to 4 places; null without a roster',
  })
  participationRate!: number | null;
  @Field(() => SafeInt) raisedFen!: number;
  @Field(() => Int) donationCount!: number;

  static from(line: RankingLine): OrganizationStandingObject {
    const rate =
      line.rosterSize && line.rosterSize > 0
        ? Math.round(Math.min(line.participants / line.rosterSize, 1) * 10_000) / 10_000
        : null;
    return Object.assign(new OrganizationStandingObject(), {
      ...line,
      organization: OrganizationObject.from(line.organization),
      participationRate: rate,
    });
  }
}

@ObjectType('RosterImport', { description: 'A roster replaced by an import' })
export class RosterImportObject {
  @Field(() => Int) size!: number;
  @Field(() => Int, { nullable: true, description: 'The size of the roster it replaced' }) previousSize!: number | null;

  static from(result: RosterImport): RosterImportObject {
    return Object.assign(new RosterImportObject(), result);
  }
}

@ObjectType('RosterMember', {
  description: '花名册 member: personal data, for staff whose region covers the organisation only',
})
export class RosterMemberObject {
  @Field(() => Int, { description: 'The line of the imported file' }) line!: number;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: '编号/工号 as the file gave it' }) memberNo!: string | null;

  static from(member: RosterMemberView): RosterMemberObject {
    return Object.assign(new RosterMemberObject(), member);
  }
}

@InputType()
export class UpdateOrganizationInput {
  @Field() @IsString() @MaxLength(100) name!: string;
  @Field(() => OrganizationKind, { nullable: true }) @IsOptional() @IsEnum(OrganizationKind) kind?: OrganizationKind;
  @Field({ nullable: true, description: 'Moves the organisation to this region (inside yours)' })
  @IsOptional()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
}

@ArgsType()
export class OrganizationIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的单位编号' }) organizationId!: string;
}

@ArgsType()
export class OrganizationRosterArgs extends OrganizationIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field(() => OrganizationKind) @IsEnum(OrganizationKind) kind!: OrganizationKind;
  @Field() @IsString() @MaxLength(100) name!: string;
  @Field()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;
}

@ArgsType()
export class OrganizationsArgs {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
  @Field(() => OrganizationKind, { nullable: true }) @IsOptional() @IsEnum(OrganizationKind) kind?: OrganizationKind;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(50) search?: string;
}

@ArgsType()
export class RankingArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field(() => OrganizationKind, { nullable: true }) @IsOptional() @IsEnum(OrganizationKind) kind?: OrganizationKind;
  @Field({ nullable: true })
  @IsOptional()
  @Matches(REGION_CODE, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(200) first?: number;
}

@ArgsType()
export class ImportRosterArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field(() => ID) @IsUUID('all', { message: '不是有效的单位编号' }) organizationId!: string;
  @Field({ description: 'CSV (UTF-8): a header with 姓名 and optionally 编号/工号 and 手机号, one member per line' })
  @IsString()
  @MaxLength(1_000_000)
  csv!: string;
}
