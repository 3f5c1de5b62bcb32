import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { REGION_CODE_PATTERN } from '../region-level';

const CODE_MESSAGE = '不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字';

@ArgsType()
export class RegionsArgs {
  @Field({ nullable: true, description: 'The parent region; the top level when omitted' })
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, { message: CODE_MESSAGE })
  parentCode?: string;
}

@ArgsType()
export class RegionArgs {
  @Field()
  @Matches(REGION_CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;
}
