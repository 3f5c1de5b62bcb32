import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext, Public } from '@shanchou/core';
import { RegionArgs, RegionsArgs } from './dto/regions.args';
import { RegionObject } from './dto/region.object';
import { ServiceNodeObject } from './dto/service-node.object';
import { regionLoaders } from './region.loaders';
import { RegionService } from './region.service';

/** Public: the region tree is published information (区划), like the ledger. */
@Resolver(() => RegionObject)
export class RegionResolver {
  constructor(private readonly regionService: RegionService) {}

  @Public()
  @Query(() => [RegionObject], { description: 'The children of parentCode, or the top level when it is omitted' })
  async regions(@Args() { parentCode }: RegionsArgs): Promise<RegionObject[]> {
    return (await this.regionService.list(parentCode)).map((r) => RegionObject.from(r));
  }

  @Public()
  @Query(() => RegionObject, { nullable: true })
  async region(@Args() { code }: RegionArgs): Promise<RegionObject | null> {
    const region = await this.regionService.findByCode(code);
    return region && RegionObject.from(region);
  }

  @ResolveField(() => RegionObject, { nullable: true })
  async parent(@Parent() region: RegionObject, @Context() ctx: GraphqlContext): Promise<RegionObject | null> {
    if (!region.parentId) return null;
    const parent = await regionLoaders(ctx, this.regionService).byId.load(region.parentId);
    return parent && RegionObject.from(parent);
  }

  @ResolveField(() => [RegionObject])
  async children(@Parent() region: RegionObject, @Context() ctx: GraphqlContext): Promise<RegionObject[]> {
    return (await regionLoaders(ctx, this.regionService).children.load(region.id)).map((r) => RegionObject.from(r));
  }

  @ResolveField(() => ServiceNodeObject, { nullable: true })
  async node(@Parent() region: RegionObject, @Context() ctx: GraphqlContext): Promise<ServiceNodeObject | null> {
    const node = await regionLoaders(ctx, this.regionService).node.load(region.id);
    return node && ServiceNodeObject.from(node);
  }
}

@Resolver(() => ServiceNodeObject)
export class ServiceNodeResolver {
  constructor(private readonly regionService: RegionService) {}

  @ResolveField(() => RegionObject)
  async region(@Parent() node: ServiceNodeObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regionService).byId.load(node.regionId);
    if (!region) throw new Error(`service node ${node.id} has no region`);
    return RegionObject.from(region);
  }
}
