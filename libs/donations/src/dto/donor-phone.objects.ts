import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@ArgsType()
export class PhoneArgs {
  @Field({ description: 'A mainland mobile: 13800138000 (spaces, dashes, +86 accepted)' })
  @IsString()
  @MaxLength(20)
  phone!: string;
}

@ArgsType()
export class VerifyPhoneArgs extends PhoneArgs {
  @Field({ description: 'The six digits of the SMS' }) @IsString() @MaxLength(10) code!: string;
}

@ObjectType('PhoneCodeSent', { description: '验证码已发送' })
export class PhoneCodeSentObject {
  @Field({ description: 'Masked: 138****1234' }) phone!: string;
  @Field() expiresAt!: Date;
  @Field(() => Int, { description: 'Ask for another code after this many seconds' }) resendAfterSeconds!: number;
}

@ObjectType('MyPhone', { description: '已验证的手机号' })
export class MyPhoneObject {
  @Field({ description: 'Masked: 138****1234' }) phone!: string;
  @Field() verifiedAt!: Date;
  @Field(() => Int, { description: 'Offline gifts recorded against it that are now in 我的捐赠' })
  claimedDonations!: number;
}
