import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { AUDIT_ACTIONS, AUDIT_TARGETS, isAuditAction, isAuditTarget } from '../audit-actions';
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

  @Field({
    description: 'The action as staff read it (新建工作人员); the code itself for an action no longer recorded',
  })
  actionLabel!: string;

  @Field()
  targetType!: string;

  @Field({ description: 'What the entry is about, as staff read it (工作人员, 项目)' })
  targetLabel!: string;

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
      actionLabel: isAuditAction(e.action) ? AUDIT_ACTIONS[e.action] : e.action,
      targetType: e.targetType,
      targetLabel: isAuditTarget(e.targetType) ? AUDIT_TARGETS[e.targetType] : e.targetType,
      targetId: e.targetId,
      summary: e.summary,
      requestId: e.requestId,
      regionId: e.regionId,
    });
  }
}

@ObjectType('AuditActionChoice', { description: "An action the audit log records, for the console's filter" })
export class AuditActionChoiceObject {
  @Field()
  code!: string;

  @Field()
  label!: string;
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
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
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
  @Matches(/^\d+$/, { message: '不是上一页返回的操作日志编号' })
  before?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first = 50;
}
