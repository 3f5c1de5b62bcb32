import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { maskName } from '@shanchou/core';
import { HouseholdEntity } from '../household.entity';

@ObjectType('HouseholdMember')
export class HouseholdMemberObject {
  @Field() name!: string;
  @Field({ description: '关系: 配偶, 子女, 父母, …' }) relation!: string;
}

@ObjectType('Household', {
  description: '建档立卡贫困户: names and identity numbers in full only for its village’s and its town’s staff',
})
export class HouseholdObject {
  @Field(() => ID) id!: string;
  @Field() code!: string;
  @Field({ description: 'Masked (张*) outside its village’s and its town’s staff' }) headName!: string;
  @Field(() => Int) memberCount!: number;
  @Field(() => String, { nullable: true, description: 'Only for its village’s and its town’s staff' })
  identityNumber!: string | null;
  @Field(() => [HouseholdMemberObject], { description: 'Only for its village’s and its town’s staff; else empty' })
  members!: HouseholdMemberObject[];
  @Field(() => String, { nullable: true }) needs!: string | null;
  @Field({ description: 'Whether names and identity numbers are shown in full to the caller' }) privileged!: boolean;

  regionId!: string;

  static from(h: HouseholdEntity, privileged: boolean): HouseholdObject {
    return Object.assign(new HouseholdObject(), {
      id: h.id,
      code: h.code,
      headName: privileged ? h.headName : maskName(h.headName),
      memberCount: h.memberCount,
      identityNumber: privileged ? h.identityNumber : null,
      members: privileged ? h.members.map((m) => Object.assign(new HouseholdMemberObject(), m)) : [],
      needs: h.needs,
      privileged,
      regionId: h.regionId,
    });
  }
}
