import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../role';
import { StaffEntity } from '../staff.entity';

@ObjectType('Staff', { description: '工作人员: a staff member of a centre' })
export class StaffObject {
  @Field(() => ID)
  id!: string;

  @Field()
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field({ description: 'False once disabled: the member can no longer sign in' })
  enabled!: boolean;

  @Field({ description: 'Whether the member bound a WeChat account for staff notices (the openid is never shown)' })
  wechatBound!: boolean;

  /** Not a field: the region resolver loads it. */
  regionId!: string;

  static from(entity: StaffEntity): StaffObject {
    return Object.assign(new StaffObject(), {
      id: entity.id,
      username: entity.username,
      displayName: entity.displayName,
      role: entity.role,
      enabled: entity.enabled,
      wechatBound: entity.wechatOpenid !== null && entity.wechatOpenid !== undefined,
      regionId: entity.regionId,
    });
  }
}
