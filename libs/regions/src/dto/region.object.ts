import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RegionEntity } from '../region.entity';
import { RegionLevel } from '../region-level';

@ObjectType('Region', { description: '区、镇街或村居: a district, a town or street, a village or community' })
export class RegionObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Statistical division code: 6 digits (district), 9 (town), 12 (village)' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => RegionLevel)
  level!: RegionLevel;

  /** Not a field: resolvers use it to load the parent. */
  parentId!: string | null;

  static from(entity: RegionEntity): RegionObject {
    return Object.assign(new RegionObject(), {
      id: entity.id,
      code: entity.code,
      name: entity.name,
      level: entity.level,
      parentId: entity.parentId,
    });
  }
}
