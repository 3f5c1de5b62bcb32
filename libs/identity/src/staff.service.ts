import { Injectable } from '@nestjs/common';
import { ForbiddenError, InputError, Transactions } from '@shanchou/core';
import { RegionEntity, RegionLevel, RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { AuditService } from './audit.service';
import { OutsideScopeError, StaffNotFoundError, UsernameTakenError } from './identity.errors';
import { hashPassword, verifyPassword } from './password';
import { assertStrongPassword } from './password-policy';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';
import { Role } from './role';
import { SessionRepository } from './session.repository';
import { StaffEntity } from './staff.entity';
import { StaffRepository } from './staff.repository';

/** The level of region each role works at. */
export const ROLE_LEVEL: Record<Role, RegionLevel> = {
  [Role.DISTRICT_ADMIN]: RegionLevel.DISTRICT,
  [Role.AUDITOR]: RegionLevel.DISTRICT,
  [Role.TOWN_OPERATOR]: RegionLevel.TOWN,
  [Role.VILLAGE_OPERATOR]: RegionLevel.VILLAGE,
};

export interface NewStaff {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  password: string;
}

export const USERNAME_PATTERN = /^[a-z][a-z0-9._-]{2,63}$/;

/**
 * Staff accounts. A district admin manages staff anywhere in the district; a town operator
 * manages the village operators of its own villages; nobody else manages staff.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: SessionRepository,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** A staff member inside the scope; NOT_FOUND otherwise, whether or not they exist. */
  async get(scope: RegionScope, id: string): Promise<StaffEntity> {
    const member = await this.staff.findInScope(scope, id);
    if (!member) throw new StaffNotFoundError(id);
    return member;
  }

  /** Staff of a region and the regions below it; the region must lie inside the scope. */
  async list(scope: RegionScope, regionCode: string): Promise<StaffEntity[]> {
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    return this.staff.inScope(RegionScope.within(scope, region));
  }

  async create(actor: StaffPrincipal, input: NewStaff): Promise<StaffEntity> {
    const scope = RegionScope.of(actor);
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw new InputError(
        'input.username',
        'must be 3 to 64 characters: a letter, then letters, digits, ".", "_" or "-"',
      );
    }
    assertStrongPassword(input.password, 'input.password', username);
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    if (region.level !== ROLE_LEVEL[input.role]) {
      throw new InputError(
        'input.regionCode',
        `a ${input.role} belongs to a ${ROLE_LEVEL[input.role]} region, not a ${region.level}`,
      );
    }
    if (!scope.covers(region)) throw new OutsideScopeError(`Region ${region.code}`);
    this.assertMayManage(actor, input.role);
    if (await this.staff.findByUsername(username)) throw new UsernameTakenError(username);
    const passwordHash = await hashPassword(input.password);
    return this.transactions.run(async (tx) => {
      const created = await this.staff.insert(tx, {
        username,
        displayName: input.displayName.trim(),
        role: input.role,
        regionId: region.id,
        passwordHash,
      });
      await this.audit.record(tx, actor, {
        action: 'staff.create',
        targetType: 'staff',
        targetId: created.id,
        regionId: region.id,
        input: { ...input, username },
      });
      return created;
    });
  }

  /**
   * Creates or updates accounts by username, outside any staff member's authority: for the demo
   * seed and for bootstrapping the first district admin. Idempotent.
   */
  async provision(accounts: NewStaff[]): Promise<StaffEntity[]> {
    const prepared: (NewStaff & { region: RegionEntity })[] = [];
    for (const [i, account] of accounts.entries()) {
      const username = account.username.trim().toLowerCase();
      if (!USERNAME_PATTERN.test(username)) throw new InputError(`accounts[${i}].username`, 'is not a valid username');
      assertStrongPassword(account.password, `accounts[${i}].password`, username);
      const region = await this.regions.requireByCode(account.regionCode, `accounts[${i}].regionCode`);
      if (region.level !== ROLE_LEVEL[account.role]) {
        throw new InputError(
          `accounts[${i}].regionCode`,
          `a ${account.role} belongs to a ${ROLE_LEVEL[account.role]} region`,
        );
      }
      prepared.push({ ...account, username, region });
    }
    // The passwords are checked (scrypt, in the thread pool) all at once and before the transaction,
    // which would otherwise hold the database through each in turn (the demo seed at every start).
    const kept = await Promise.all(
      prepared.map(async (a) => {
        const existing = await this.staff.findByUsername(a.username);
        return existing && (await verifyPassword(a.password, existing.passwordHash)) ? existing.passwordHash : null;
      }),
    );
    return this.transactions.run(async (tx) => {
      const result: StaffEntity[] = [];
      for (const [i, a] of prepared.entries()) {
        const existing = await this.staff.findByUsernameFor(tx, a.username);
        const passwordHash =
          existing && existing.passwordHash === kept[i] ? existing.passwordHash : await hashPassword(a.password);
        result.push(
          existing
            ? await this.staff.update(tx, existing.id, {
                passwordHash,
                enabled: true,
                role: a.role,
                regionId: a.region.id,
                displayName: a.displayName,
              })
            : await this.staff.insert(tx, {
                username: a.username,
                displayName: a.displayName,
                role: a.role,
                regionId: a.region.id,
                passwordHash,
              }),
        );
      }
      return result;
    });
  }

  /** Disabling ends the member's sessions at once. */
  async setEnabled(actor: StaffPrincipal, staffId: string, enabled: boolean): Promise<StaffEntity> {
    if (staffId === actor.staffId && !enabled) throw new ForbiddenError('You cannot disable your own account');
    return this.changeManaged(actor, staffId, enabled ? 'staff.enable' : 'staff.disable', {}, async (tx, target) => {
      if (!enabled) await this.sessions.revokeAllOfStaff(tx, target.id);
      return this.staff.update(tx, target.id, { enabled });
    });
  }

  /** An administrator sets a new password; the member's sessions end. */
  async resetPassword(actor: StaffPrincipal, staffId: string, newPassword: string): Promise<StaffEntity> {
    assertStrongPassword(newPassword, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    return this.changeManaged(actor, staffId, 'staff.reset_password', { newPassword }, async (tx, target) => {
      assertStrongPassword(newPassword, 'newPassword', target.username);
      await this.sessions.revokeAllOfStaff(tx, target.id);
      return this.staff.update(tx, target.id, { passwordHash });
    });
  }

  /** A member changes their own password; their other sessions end. */
  async changeOwnPassword(actor: StaffPrincipal, currentPassword: string, newPassword: string): Promise<StaffEntity> {
    assertStrongPassword(newPassword, 'newPassword', actor.username);
    const me = await this.staff.findOwnAccount(actor.staffId);
    if (!me || !(await verifyPassword(currentPassword, me.passwordHash))) {
      throw new InputError('currentPassword', 'is not your current password');
    }
    const passwordHash = await hashPassword(newPassword);
    return this.transactions.run(async (tx) => {
      await this.sessions.revokeAllOfStaff(tx, me.id, actor.sessionId);
      const updated = await this.staff.update(tx, me.id, { passwordHash });
      await this.audit.record(tx, actor, {
        action: 'staff.change_password',
        targetType: 'staff',
        targetId: me.id,
        regionId: me.regionId,
        input: { currentPassword, newPassword },
      });
      return updated;
    });
  }

  private async changeManaged(
    actor: StaffPrincipal,
    staffId: string,
    action: string,
    input: Record<string, unknown>,
    change: (tx: EntityManager, target: StaffEntity) => Promise<StaffEntity>,
  ): Promise<StaffEntity> {
    const scope = RegionScope.of(actor);
    const target = await this.get(scope, staffId);
    this.assertMayManage(actor, target.role);
    return this.transactions.run(async (tx) => {
      const locked = await this.staff.lock(tx, scope, target.id);
      if (!locked) throw new StaffNotFoundError(staffId);
      const updated = await change(tx, locked);
      await this.audit.record(tx, actor, {
        action,
        targetType: 'staff',
        targetId: target.id,
        regionId: target.regionId,
        input: { staffId, ...input },
      });
      return updated;
    });
  }

  /** Whether the actor's role manages members of this role; the member's region is checked apart. */
  private assertMayManage(actor: StaffPrincipal, role: Role): void {
    switch (actor.role) {
      case Role.DISTRICT_ADMIN:
        return;
      case Role.TOWN_OPERATOR:
        if (role === Role.VILLAGE_OPERATOR) return;
        throw new ForbiddenError('A town operator manages only the village operators of its own villages');
      case Role.VILLAGE_OPERATOR:
      case Role.AUDITOR:
        throw new ForbiddenError(`A ${actor.role} cannot manage staff accounts`);
    }
  }
}
