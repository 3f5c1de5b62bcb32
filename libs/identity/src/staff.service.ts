import { Injectable } from '@nestjs/common';
import { ForbiddenError, InputError, Transactions } from '@shanchou/core';
import { RegionEntity, RegionLevel, RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import type { AuditAction } from './audit-actions';
import { AuditService } from './audit.service';
import {
  OutsideScopeError,
  OwnRoleOrRegionError,
  StaffNotFoundError,
  UsernameTakenError,
  WechatAlreadyBoundError,
} from './identity.errors';
import { hashPassword, verifyPassword } from './password';
import { assertStrongPassword } from './password-policy';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';
import { Role, ROLE_NAMES } from './role';
import { SessionRepository } from './session.repository';
import { StaffEntity } from './staff.entity';
import { StaffRepository } from './staff.repository';
import { WechatOAuthClient } from './wechat-oauth.client';

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

/** What an administrator may change of a member; each part optional. */
export interface StaffChanges {
  displayName?: string;
  role?: Role;
  regionCode?: string;
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
    private readonly oauth: WechatOAuthClient,
  ) {}

  /** Display names by staff id, for records the caller may read already (who recorded a gift). */
  displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    return this.staff.displayNames(ids);
  }

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
      throw new InputError('input.username', '用户名须为 3 到 64 个字符：以字母开头，其后为字母、数字或 “.”“_”“-”');
    }
    assertStrongPassword(input.password, 'input.password', username);
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    if (region.level !== ROLE_LEVEL[input.role]) {
      throw new InputError(
        'input.regionCode',
        `${ROLE_NAMES[input.role]}属于${LEVEL_NAMES[ROLE_LEVEL[input.role]]}级区域，${region.name}（${region.code}）是${LEVEL_NAMES[region.level]}级区域`,
      );
    }
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${region.name}（${region.code}）`);
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
      if (!USERNAME_PATTERN.test(username))
        throw new InputError(
          `accounts[${i}].username`,
          '用户名须为 3 到 64 个字符：以字母开头，其后为字母、数字或 “.”“_”“-”',
        );
      assertStrongPassword(account.password, `accounts[${i}].password`, username);
      const region = await this.regions.requireByCode(account.regionCode, `accounts[${i}].regionCode`);
      if (region.level !== ROLE_LEVEL[account.role]) {
        throw new InputError(
          `accounts[${i}].regionCode`,
          `${ROLE_NAMES[account.role]}属于${LEVEL_NAMES[ROLE_LEVEL[account.role]]}级区域，${region.name}（${region.code}）是${LEVEL_NAMES[region.level]}级区域`,
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
    if (staffId === actor.staffId && !enabled) throw new ForbiddenError('不能停用自己的账号：请另一位管理员操作');
    return this.changeManaged(actor, staffId, enabled ? 'staff.enable' : 'staff.disable', {}, async (tx, target) => {
      if (!enabled) await this.sessions.revokeAllOfStaff(tx, target.id);
      return this.staff.update(tx, target.id, { enabled });
    });
  }

  /**
   * Changes a member's name, role or region (each optional), inside the actor's scope. The role
   * must fit the region's level, as at creation; nobody changes their own role or region. A member
   * whose role or region changed loses their sessions, so the new rights hold from the next request.
   */
  async update(actor: StaffPrincipal, staffId: string, changes: StaffChanges): Promise<StaffEntity> {
    const scope = RegionScope.of(actor);
    const displayName = changes.displayName?.trim();
    if (changes.displayName !== undefined && !displayName) throw new InputError('input.displayName', '姓名不能为空');
    const target = await this.get(scope, staffId);
    const region = changes.regionCode
      ? await this.regions.requireByCode(changes.regionCode, 'input.regionCode')
      : undefined;
    const role = changes.role ?? target.role;
    if (staffId === actor.staffId) {
      if (changes.role !== undefined && changes.role !== target.role) throw new OwnRoleOrRegionError('role');
      if (region && region.id !== target.regionId) throw new OwnRoleOrRegionError('regionCode');
    }
    if (region && !scope.covers(region))
      throw new ForbiddenError(
        `${region.name}（${region.code}）不在你的管辖区域内：不能把工作人员调到那里（input.regionCode）`,
      );
    this.assertMayManage(actor, target.role);
    this.assertMayManage(actor, role);
    const regionLevel = region?.level ?? (await this.regions.byIds([target.regionId]))[0]?.level;
    if (regionLevel !== ROLE_LEVEL[role]) {
      throw new InputError(
        region ? 'input.regionCode' : 'input.role',
        `${ROLE_NAMES[role]}属于${LEVEL_NAMES[ROLE_LEVEL[role]]}级区域，不能放在${regionLevel ? LEVEL_NAMES[regionLevel] : '未知'}级区域`,
      );
    }
    return this.transactions.run(async (tx) => {
      const locked = await this.staff.lock(tx, scope, target.id);
      if (!locked) throw new StaffNotFoundError(staffId);
      const before = { displayName: locked.displayName, role: locked.role, regionId: locked.regionId };
      const after = {
        displayName: displayName ?? locked.displayName,
        role,
        regionId: region?.id ?? locked.regionId,
      };
      const rightsChanged = after.role !== before.role || after.regionId !== before.regionId;
      if (rightsChanged) await this.sessions.revokeAllOfStaff(tx, locked.id);
      const updated = await this.staff.update(tx, locked.id, after);
      await this.audit.record(tx, actor, {
        action: 'staff.update',
        targetType: 'staff',
        targetId: locked.id,
        regionId: after.regionId,
        input: { staffId, before, after, sessionsRevoked: rightsChanged },
      });
      return updated;
    });
  }

  /**
   * Binds the caller's WeChat (the OAuth code as the stand-in's or WeChat's authorize page hands
   * it, exchanged as a donor's sign-in is), so notices meant for staff can reach them. One openid
   * binds one member; binding again replaces the caller's earlier openid.
   */
  async bindWechat(actor: StaffPrincipal, code: string): Promise<StaffEntity> {
    const openid = await this.oauth.openidFor(code);
    try {
      return await this.transactions.run(async (tx) => {
        const me = await this.staff.lockOwnAccount(tx, actor.staffId);
        if (!me) throw new StaffNotFoundError(actor.staffId);
        const holder = await this.staff.findByWechatOpenid(tx, openid);
        if (holder && holder.id !== me.id) throw new WechatAlreadyBoundError();
        const updated = await this.staff.update(tx, me.id, { wechatOpenid: openid });
        await this.audit.record(tx, actor, {
          action: 'staff.bind_wechat',
          targetType: 'staff',
          targetId: me.id,
          regionId: me.regionId,
          // The openid is personal data and stays out of the log; whether one was replaced is enough.
          input: { replaced: me.wechatOpenid !== null && me.wechatOpenid !== openid },
        });
        return updated;
      });
    } catch (err) {
      // Two members binding one openid at once: the unique index lets one through.
      if (isUniqueViolation(err)) throw new WechatAlreadyBoundError();
      throw err;
    }
  }

  /** Forgets the caller's WeChat openid; nothing happens when none is bound (still audited). */
  async unbindWechat(actor: StaffPrincipal): Promise<StaffEntity> {
    return this.transactions.run(async (tx) => {
      const me = await this.staff.lockOwnAccount(tx, actor.staffId);
      if (!me) throw new StaffNotFoundError(actor.staffId);
      const updated = await this.staff.update(tx, me.id, { wechatOpenid: null });
      await this.audit.record(tx, actor, {
        action: 'staff.unbind_wechat',
        targetType: 'staff',
        targetId: me.id,
        regionId: me.regionId,
        input: { wasBound: me.wechatOpenid !== null },
      });
      return updated;
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
      throw new InputError('currentPassword', '当前密码不正确');
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
    action: AuditAction,
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
        throw new ForbiddenError('镇街操作员只能管理本镇街所辖村居的村居操作员账号');
      case Role.VILLAGE_OPERATOR:
      case Role.AUDITOR:
        throw new ForbiddenError(`${ROLE_NAMES[actor.role]}不能管理工作人员账号`);
    }
  }
}

const LEVEL_NAMES: Record<RegionLevel, string> = {
  [RegionLevel.DISTRICT]: '区',
  [RegionLevel.TOWN]: '镇街',
  [RegionLevel.VILLAGE]: '村居',
};

/** A PostgreSQL unique violation (23505), as pg and PGlite raise it through TypeORM. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
