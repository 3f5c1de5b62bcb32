import { Field, ID, ObjectType } from '@nestjs/graphql';
import { NodeKind } from '../region-level';
import { ServiceNodeEntity } from '../service-node.entity';

@ObjectType('ServiceNode', { description: '服务站点: the management, transfer or distribution centre of a region' })
export class ServiceNodeObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => NodeKind)
  kind!: NodeKind;

  /** Not a field: resolvers use it to load the region. */
  regionId!: string;

  static from(entity: ServiceNodeEntity): ServiceNodeObject {
    return Object.assign(new ServiceNodeObject(), {
      id: entity.id,
      name: entity.name,
      kind: entity.kind,
      regionId: entity.regionId,
    });
  }
}
