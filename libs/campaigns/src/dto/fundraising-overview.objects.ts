import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { IsOptional, IsUUID } from 'class-validator';
import { CampaignKind, CampaignStatus } from '../campaign-kind';
import { CampaignFigures, FundraisingOverview, RegionFigures } from '../fundraising-overview.service';

@ObjectType('CampaignFigures')
export class CampaignFiguresObject {
  @Field(() => ID) campaignId!: string;
  @Field() slug!: string;
  @Field() title!: string;
  @Field(() => CampaignKind) kind!: CampaignKind;
  @Field(() => CampaignStatus) status!: CampaignStatus;
  @Field(() => SafeInt, { nullable: true }) goalFen!: number | null;
  @Field(() => SafeInt) raisedFen!: number;
  @Field(() => Int) donationCount!: number;

  static from(f: CampaignFigures): CampaignFiguresObject {
    return Object.assign(new CampaignFiguresObject(), f);
  }
}

@ObjectType('RegionFundraising', {
  description: 'Gifts given on behalf of the organisations (单位, 党支部) of one region and the regions below it',
})
export class RegionFundraisingObject {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => SafeInt) raisedFen!: number;
  @Field(() => Int) donationCount!: number;
  @Field(() => Int, { description: 'Organisations with a paid gift' }) organizations!: number;

  static from(f: RegionFigures): RegionFundraisingObject {
    return Object.assign(new RegionFundraisingObject(), f);
  }
}

@ObjectType('FundraisingOverview', {
  description: '筹款总览: money raised by campaign, and by the town of the organisation a gift was given on behalf of',
})
export class FundraisingOverviewObject {
  @Field(() => SafeInt) raisedFen!: number;
  @Field(() => Int) donationCount!: number;
  @Field(() => [CampaignFiguresObject]) byCampaign!: CampaignFiguresObject[];
  @Field(() => [RegionFundraisingObject], {
    description: 'Every region one level below yours (a district: its streets and towns), zeros included',
  })
  byRegion!: RegionFundraisingObject[];
  @Field(() => SafeInt, { description: 'On behalf of organisations of your own region (区直单位)' })
  rootUnitsFen!: number;
  @Field(() => SafeInt, { description: 'Given on behalf of no organisation' })
  personalFen!: number;

  static from(o: FundraisingOverview): FundraisingOverviewObject {
    return Object.assign(new FundraisingOverviewObject(), {
      ...o,
      byCampaign: o.byCampaign.map((c) => CampaignFiguresObject.from(c)),
      byRegion: o.byRegion.map((r) => RegionFundraisingObject.from(r)),
    });
  }
}

@ArgsType()
export class FundraisingOverviewArgs {
  @Field(() => ID, { nullable: true, description: 'One campaign; all when omitted' })
  @IsOptional()
  @IsUUID('all', { message: '不是有效的项目编号' })
  campaignId?: string;
}
