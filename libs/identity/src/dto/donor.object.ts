import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DonorEntity } from '../donor.entity';

@ObjectType('Donor', { description: '捐赠人: a donor signed in through WeChat' })
export class DonorObject {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  nickname!: string | null;

  static from(entity: DonorEntity): DonorObject {
    return Object.assign(new DonorObject(), { id: entity.id, nickname: entity.nickname });
  }
}
