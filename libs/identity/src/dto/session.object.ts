import { Field, ObjectType } from '@nestjs/graphql';
import { DonorObject } from './donor.object';
import { StaffObject } from './staff.object';

@ObjectType('Viewer', { description: 'Who is calling: a staff member or a donor' })
export class ViewerObject {
  @Field(() => StaffObject, { nullable: true })
  staff!: StaffObject | null;

  @Field(() => DonorObject, { nullable: true })
  donor!: DonorObject | null;
}

@ObjectType('Session')
export class SessionObject {
  @Field({ description: 'Send as `Authorization: Bearer <token>`' })
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => ViewerObject)
  viewer!: ViewerObject;
}
