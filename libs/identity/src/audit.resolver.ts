import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { Allow, CurrentStaff } from './access';
import { AuditService } from './audit.service';
import { AuditEntryObject, AuditLogArgs, AuditPageObject } from './dto/audit.objects';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';
import { OutsideScopeError } from './identity.errors';
import { Role } from './role';

@Resolver(() => AuditEntryObject)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly regions: RegionService,
  ) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => AuditPageObject, { description: 'Staff changes, newest first' })
  async auditLog(
    @Args() { filter, before, first }: AuditLogArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<AuditPageObject> {
    const scope = RegionScope.of(me);
    let regionIds: string[] | undefined;
    if (filter?.regionCode) {
      const region = await this.regions.requireByCode(filter.regionCode, 'filter.regionCode');
      if (!scope.covers(region)) throw new OutsideScopeError(`Region ${filter.regionCode}`);
      regionIds = (await this.regions.subtree(region)).map((r) => r.id);
    } else {
      const root = (await this.regions.byIds([me.regionId]))[0];
      regionIds = (await this.regions.subtree(root)).map((r) => r.id);
    }
    const rows = await this.audit.list({ ...filter, regionIds }, { before, first: first + 1 });
    const entries = rows.slice(0, first).map((e) => AuditEntryObject.from(e));
    return Object.assign(new AuditPageObject(), {
      entries,
      nextBefore: rows.length > first ? entries[entries.length - 1].id : null,
    });
  }

  @ResolveField(() => RegionObject)
  async region(@Parent() entry: AuditEntryObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(entry.regionId);
    if (!region) throw new Error(`audit entry ${entry.id} has no region`);
    return RegionObject.from(region);
  }
}
