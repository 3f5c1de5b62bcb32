import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { REGION_CODE_PATTERN } from '@shanchou/regions';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { EVENT_PHOTOS_MAX } from '../event-record.entity';
import { AttendanceAction, OutreachKind, TeamKind } from '../outreach-kind';

const REGION_CODE = { message: 'regionCode: 须为地区代码（6、9 或 12 位数字）' };
const HTTPS_URL = { protocols: ['https'], require_protocol: true };

@InputType()
export class RegisterVolunteerInput {
  @Field() @IsString() @MinLength(1) @MaxLength(32) name!: string;
  @Field({ description: 'Mobile number; never public, shown only to the staff of your events' })
  @IsString()
  @MaxLength(20)
  phone!: string;
  @Field(() => [String], { nullable: true, description: 'What you can do: 农技, 义诊, 法律咨询, 文艺演出 …' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  skills?: string[];
  @Field({ nullable: true, description: '专长, for experts' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  expertise?: string;
  @Field(() => ID, { nullable: true, description: 'The team you serve with' })
  @IsOptional()
  @IsUUID('all', { message: 'teamId: 须为志愿服务队的 id' })
  teamId?: string;
}

@InputType()
export class CreateEventInput {
  @Field() @IsString() @MinLength(1) @MaxLength(100) title!: string;
  @Field(() => OutreachKind) @IsEnum(OutreachKind) kind!: OutreachKind;
  @Field({ description: 'The village (or town) the event serves' })
  @Matches(REGION_CODE_PATTERN, REGION_CODE)
  regionCode!: string;
  @Field() @Type(() => Date) @IsDate() startsAt!: Date;
  @Field() @Type(() => Date) @IsDate() endsAt!: Date;
  @Field(() => Int, { description: 'Volunteer seats' }) @IsInt() @Min(1) @Max(1000) capacity!: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @Field({ nullable: true, description: 'Where in the village; the village name when omitted' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;
  @Field({ nullable: true, description: "主办单位; your region's name when omitted" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organiser?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  neededSkills?: string[];
}

@InputType({ description: 'Only the fields given change; volunteers are told of a new time or place' })
export class UpdateEventInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) title?: string;
  @Field(() => OutreachKind, { nullable: true }) @IsOptional() @IsEnum(OutreachKind) kind?: OutreachKind;
  @Field({ nullable: true }) @IsOptional() @Matches(REGION_CODE_PATTERN, REGION_CODE) regionCode?: string;
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() startsAt?: Date;
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(1000) capacity?: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200) place?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) organiser?: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  neededSkills?: string[];
}

@InputType()
export class ServiceLineInput {
  @Field({ description: '义诊, 发放农技资料, 法律咨询 …' }) @IsString() @MinLength(1) @MaxLength(50) name!: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000) quantity?: number;
  @Field({ nullable: true, description: '人次, 份, 场 …' }) @IsOptional() @IsString() @MaxLength(10) unit?: string;
}

@InputType()
export class EventRecordInput {
  @Field(() => Int, { description: '服务群众人次' }) @IsInt() @Min(0) @Max(1_000_000) peopleServed!: number;
  @Field(() => [ServiceLineInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ServiceLineInput)
  services?: ServiceLineInput[];
  @Field(() => [String], {
    nullable: true,
    description: 'https addresses of photos kept elsewhere (older callers); uploaded photos go in photoIds',
  })
  @IsOptional()
  @ArrayMaxSize(EVENT_PHOTOS_MAX, { message: `照片地址最多 ${EVENT_PHOTOS_MAX} 个` })
  @IsUrl(HTTPS_URL, { each: true, message: '照片地址应为 https:// 开头的网址' })
  @MaxLength(500, { each: true, message: '照片地址最长 500 个字符' })
  photoUrls?: string[];
  @Field(() => [ID], {
    nullable: true,
    description:
      'The photos, in the order shown: files uploaded first through POST /files with purpose event-photo (public on the event page)',
  })
  @IsOptional()
  @ArrayMaxSize(EVENT_PHOTOS_MAX, { message: `照片最多 ${EVENT_PHOTOS_MAX} 张` })
  @IsUUID('all', { each: true, message: '照片应为上传后得到的文件编号（POST /files，用途 event-photo）' })
  photoIds?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) summary?: string;
}

@InputType()
export class CreateVolunteerTeamInput {
  @Field() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @Field(() => TeamKind) @IsEnum(TeamKind) kind!: TeamKind;
  @Field() @Matches(REGION_CODE_PATTERN, REGION_CODE) regionCode!: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leaderVolunteerId: 须为志愿者的 id' })
  leaderVolunteerId?: string;
}

@ArgsType()
export class EventsArgs {
  @Field({ nullable: true, description: 'Events in this region and the regions below it' })
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, REGION_CODE)
  regionCode?: string;
  @Field(() => OutreachKind, { nullable: true }) @IsOptional() @IsEnum(OutreachKind) kind?: OutreachKind;
  @Field({ nullable: true, description: 'Events still running at or after this time; now when omitted' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;
  @Field({ nullable: true, description: 'Events starting before this time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ArgsType()
export class EventIdArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId: 须为活动的 id' }) eventId!: string;
}

@ArgsType()
export class AttendanceArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId: 须为活动的 id' }) eventId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'volunteerId: 须为志愿者的 id' }) volunteerId!: string;
}

@ArgsType()
export class CancelEventArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId: 须为活动的 id' }) eventId!: string;
  @Field({ description: 'Told to everyone signed up' }) @IsString() @MinLength(1) @MaxLength(200) reason!: string;
}

@ArgsType()
export class CheckInCodeArgs {
  @Field(() => ID) @IsUUID('all', { message: 'eventId: 须为活动的 id' }) eventId!: string;
  @Field(() => AttendanceAction, { defaultValue: AttendanceAction.CHECK_IN })
  @IsEnum(AttendanceAction)
  action!: AttendanceAction;
}

@ArgsType()
export class CodeArgs {
  @Field({ description: 'The code of the QR the staff screen shows' })
  @IsString()
  @MaxLength(200)
  code!: string;
}

@ArgsType()
export class TeamsArgs {
  @Field({ nullable: true, description: 'Teams of this region and the regions below it' })
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, REGION_CODE)
  regionCode?: string;
}

@ArgsType()
export class TeamLeaderArgs {
  @Field(() => ID) @IsUUID('all', { message: 'teamId: 须为志愿服务队的 id' }) teamId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'volunteerId: 须为志愿者的 id' }) volunteerId!: string;
}

@ArgsType()
export class CertificateNoArgs {
  @Field()
  @Matches(/^[A-Z0-9]{8,24}$/, { message: 'certificateNo: 须为服务证明编号（8 到 24 位大写字母或数字）' })
  certificateNo!: string;
}
