import { isInSubtree } from '@shanchou/regions';
import { OutsideScopeError } from './identity.errors';
import { Role } from './role';
import { StaffPrincipal } from './principal';

/**
 * The part of the region tree a staff member may see (read) and, unless an auditor, change.
 * Every read or write of region-owned data takes one (STYLE.md habit 9).
 */
export class RegionScope {
  private constructor(
    readonly role: Role,
    readonly regionId: string,
    /** Region path of the scope's root; a region is inside when its path starts here. */
    readonly rootPath: string,
  ) {}

  static of(staff: Pick<StaffPrincipal, 'role' | 'regionId' | 'regionPath'>): RegionScope {
    return new RegionScope(staff.role, staff.regionId, staff.regionPath);
  }

  /**
   * The part of `scope` at and below a region the caller named ("staff of this region"): the same
   * role, rooted there. FORBIDDEN when the region lies outside `scope`, so the caller learns why.
   */
  static within(scope: RegionScope, region: { id: string; code: string; path: string }): RegionScope {
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${region.code}`);
    return new RegionScope(scope.role, region.id, region.path);
  }

  /**
   * True when the region (by its path) lies at or below the scope's root: for checking a region
   * the caller names. Rows are filtered in SQL through `Subtree.of(scope)`, never after a fetch.
   */
  covers(region: { path: string }): boolean {
    return isInSubtree(this.rootPath, region);
  }

  get mayChange(): boolean {
    return this.role !== Role.AUDITOR;
  }
}
