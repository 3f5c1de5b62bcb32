import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { Allow, CurrentStaff } from './access';
import { AuditService } from './audit.service';
import { AUDIT_ACTIONS } from './audit-actions';
import { AuditActionChoiceObject, AuditEntryObject, AuditLogArgs, AuditPageObject } from './dto/audit.objects';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';
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
    const rows = await this.audit.list(RegionScope.of(me), filter ?? {}, { before, first: first + 1 });
    const entries = rows.slice(0, first).map((e) => AuditEntryObject.from(e));
    return Object.assign(new AuditPageObject(), {
      entries,
      nextBefore: rows.length > first ? entries[entries.length - 1].id : null,
    });
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => [AuditActionChoiceObject], { description: 'Every action the audit log records, with its Chinese name' })
  auditActions(): AuditActionChoiceObject[] {
    return Object.entries(AUDIT_ACTIONS).map(([code, label]) =>
      Object.assign(new AuditActionChoiceObject(), { code, label }),
    );
  }

  @ResolveField(() => RegionObject)
  async region(@Parent() entry: AuditEntryObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(entry.regionId);
    if (!region) throw new Error(`audit entry ${entry.id} has no region`);
    return RegionObject.from(region);
  }
}
