import { ArgsType, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsInt, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MatchPoolEntity, MatchPoolStatus } from '../match-pool.entities';
import { registerEnumType } from '@nestjs/graphql';

registerEnumType(MatchPoolStatus, { name: 'MatchPoolStatus' });

@ObjectType('MatchPool', { description: '配捐池: a sponsor matches gifts 1:1 up to a per-donor cap and a total' })
export class MatchPoolObject {
  @Field(() => ID) id!: string;
  @Field(() => ID) campaignId!: string;
  @Field() sponsorName!: string;
  @Field(() => SafeInt) totalFen!: number;
  @Field(() => SafeInt) perDonorCapFen!: number;
  @Field(() => SafeInt) matchedFen!: number;
  @Field(() => SafeInt) remainingFen!: number;
  @Field(() => MatchPoolStatus) status!: MatchPoolStatus;
  @Field(() => Date, { nullable: true }) endsAt!: Date | null;
  @Field({ description: 'Whether gifts recorded offline are matched too' }) matchesOffline!: boolean;

  static from(pool: MatchPoolEntity): MatchPoolObject {
    return Object.assign(new MatchPoolObject(), {
      id: pool.id,
      campaignId: pool.campaignId,
      sponsorName: pool.sponsorName,
      totalFen: Number(pool.totalFen),
      perDonorCapFen: Number(pool.perDonorCapFen),
      matchedFen: Number(pool.matchedFen),
      remainingFen: Number(pool.totalFen) - Number(pool.matchedFen),
      status: pool.status,
      endsAt: pool.endsAt,
      matchesOffline: pool.matchesOffline,
    });
  }
}

@InputType()
export class CreateMatchPoolInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field({ description: '配捐方' }) @IsString() @MaxLength(100) sponsorName!: string;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) totalFen!: number;
  @Field(() => SafeInt) @IsInt({ message: '金额须为整数（单位：分）' }) perDonorCapFen!: number;
  @Field({ nullable: true }) @IsOptional() @Type(() => Date) @IsDate() endsAt?: Date;
  @Field(() => Boolean, { nullable: true, description: '线下捐赠也配捐 (default false: WeChat Pay gifts only)' })
  @IsOptional()
  @IsBoolean()
  matchesOffline?: boolean;
}

@ArgsType()
export class MatchPoolIdArgs {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的配捐资金池编号' }) poolId!: string;
}
