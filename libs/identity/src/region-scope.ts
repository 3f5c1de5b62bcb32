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

  /** True when the region (by its path) lies at or below the scope's root. */
  covers(region: { path: string }): boolean {
    return region.path === this.rootPath || region.path.startsWith(`${this.rootPath}/`);
  }

  /** SQL condition on a column holding region paths: `path = :root OR path LIKE :prefix`. */
  get pathPrefix(): string {
    return `${this.rootPath}/%`;
  }

  get mayChange(): boolean {
    return this.role !== Role.AUDITOR;
  }
}
