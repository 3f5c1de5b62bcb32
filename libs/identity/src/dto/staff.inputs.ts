import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Role } from '../role';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

@ArgsType()
export class WechatLoginArgs {
  @Field({ description: 'The code WeChat added to the page address after authorisation' })
  @IsString()
  @Matches(/^[\w-]{8,128}$/, { message: '不是微信返回给页面的登录码：请从微信里重新打开页面' })
  code!: string;
}

@InputType()
export class CreateStaffInput {
  @Field()
  @IsString()
  @MaxLength(64)
  username!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName!: string;

  @Field(() => Role)
  @IsEnum(Role)
  role!: Role;

  @Field({ description: 'The region the member works in' })
  @IsString()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;

  @Field({ description: 'At least 10 characters, not a common password, not the username' })
  @IsString()
  @MaxLength(128)
  password!: string;
}

@ArgsType()
export class StaffIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: '不是有效的工作人员编号' })
  staffId!: string;
}

@ArgsType()
export class ResetPasswordArgs extends StaffIdArgs {
  @Field({ description: 'At least 10 characters, not a common password, not the username' })
  @IsString()
  @MaxLength(128)
  newPassword!: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @MaxLength(128)
  currentPassword!: string;

  @Field({ description: 'At least 10 characters, not a common password, not the username' })
  @IsString()
  @MaxLength(128)
  newPassword!: string;
}

@ArgsType()
export class StaffListArgs {
  @Field({ description: 'Staff of this region and the regions below it' })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode!: string;
}

/** What updateStaff changes; what is left out stays as it is. */
@InputType()
export class UpdateStaffInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  displayName?: string;

  @Field(() => Role, { nullable: true, description: 'It must fit the level of the region, as at creation' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field({ nullable: true, description: 'The region the member works in from now on' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字' })
  regionCode?: string;
}

@ArgsType()
export class BindWechatArgs {
  @Field({ description: "The code WeChat's authorisation page added to the console's address" })
  @IsString()
  @Matches(/^[\w-]{8,128}$/, { message: '不是微信返回给页面的登录码：请从微信里重新打开页面' })
  code!: string;
}
