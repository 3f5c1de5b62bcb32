import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';
import { OutreachOverview, RegionOutreach } from '../outreach-overview.service';

@ObjectType('RegionOutreach', { description: 'Outreach in one region and the regions below it' })
export class RegionOutreachObject {
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => Int, { description: 'Events that ended and were not cancelled' }) eventsHeld!: number;
  @Field(() => Int, { description: 'Distinct volunteers who checked in' }) volunteersServed!: number;
  @Field(() => Float) serviceHours!: number;
  @Field(() => Int, { description: '服务群众人次, from the records filed after the events' }) peopleServed!: number;

  static from(r: RegionOutreach): RegionOutreachObject {
    return Object.assign(new RegionOutreachObject(), r);
  }
}

@ObjectType('OutreachOverview', { description: '下乡活动总览: events held, volunteers, hours, by region' })
export class OutreachOverviewObject {
  @Field(() => Int) eventsHeld!: number;
  @Field(() => Int) eventsUpcoming!: number;
  @Field(() => Int, { description: 'Registered volunteers, platform-wide' }) volunteers!: number;
  @Field(() => Int) volunteersServed!: number;
  @Field(() => Float) serviceHours!: number;
  @Field(() => Int) peopleServed!: number;
  @Field(() => [RegionOutreachObject], {
    description: 'Every region one level below yours (a district: its streets and towns), zeros included',
  })
  byRegion!: RegionOutreachObject[];

  static from(o: OutreachOverview): OutreachOverviewObject {
    return Object.assign(new OutreachOverviewObject(), {
      ...o,
      byRegion: o.byRegion.map((r) => RegionOutreachObject.from(r)),
    });
  }
}

@ArgsType()
export class OutreachOverviewArgs {
  @Field({ nullable: true, description: 'Events that ended at or after this time; all when omitted' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({ nullable: true, description: 'Events that ended by this time; now when omitted' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
