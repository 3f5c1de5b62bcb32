import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AuditEntryEntity } from '../audit-entry.entity';

@ObjectType('AuditEntry', { description: '操作日志: one staff change' })
export class AuditEntryObject {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field()
  actorUsername!: string;

  @Field({ description: 'e.g. staff.create, staff.disable, session.login' })
  action!: string;

  @Field()
  targetType!: string;

  @Field()
  targetId!: string;

  @Field(() => GraphQLJSONObject, { description: 'The input of the change, secrets removed' })
  summary!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  regionId!: string;

  static from(e: AuditEntryEntity): AuditEntryObject {
    return Object.assign(new AuditEntryObject(), {
      id: e.id,
      at: e.at,
      actorUsername: e.actorUsername,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      summary: e.summary,
      requestId: e.requestId,
      regionId: e.regionId,
    });
  }
}

@ObjectType('AuditPage')
export class AuditPageObject {
  @Field(() => [AuditEntryObject])
  entries!: AuditEntryObject[];

  @Field(() => ID, { nullable: true, description: 'Pass as `before` for the next (older) page' })
  nextBefore!: string | null;
}

@InputType()
export class AuditFilterInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorUsername?: string;

  @Field({ nullable: true, description: 'This region and the regions below it' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'regionCode must be a 6-, 9- or 12-digit region code' })
  regionCode?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate()
  to?: Date;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => AuditFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditFilterInput)
  filter?: AuditFilterInput;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'before must be an audit entry id' })
  before?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;
}
