import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { REGION_CODE_PATTERN } from '../region-level';

const CODE_MESSAGE = 'must be a region code: 6 digits for a district, 9 for a town or street, 12 for a village';

@ArgsType()
export class RegionsArgs {
  @Field({ nullable: true, description: 'The parent region; the top level when omitted' })
  @IsOptional()
  @Matches(REGION_CODE_PATTERN, { message: `parentCode ${CODE_MESSAGE}` })
  parentCode?: string;
}

@ArgsType()
export class RegionArgs {
  @Field()
  @Matches(REGION_CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code!: string;
}
