import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DonorEntity } from '../donor.entity';

@ObjectType('Donor', { description: '捐赠人: a donor signed in through WeChat' })
export class DonorObject {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  nickname!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The name the donor gives under: whole on their own certificates; the public ledger masks it (张*)',
  })
  displayName!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The phone number proved by SMS, masked (138****1234): offline gifts recorded against it are in 我的捐赠',
  })
  phone!: string | null;

  static from(entity: DonorEntity): DonorObject {
    return Object.assign(new DonorObject(), {
      id: entity.id,
      nickname: entity.nickname,
      displayName: entity.displayName,
      phone: entity.phoneMasked,
    });
  }
}
