import { Injectable } from '@nestjs/common';
import { ForbiddenError, InputError, maskName, Transactions } from '@shanchou/core';
import { AuditService, OutsideScopeError, RegionScope, Role, ROLE_NAMES, StaffPrincipal } from '@shanchou/identity';
import { RegionEntity, RegionLevel, RegionService } from '@shanchou/regions';
import { Centres } from './centres';
import { text } from './desk';
import { HouseholdEntity, HouseholdMember } from './household.entity';
import { HouseholdImportRow } from './household-import';
import { HouseholdRepository } from './household.repository';
import { isIdentityNumber } from './identity-number';
import { HouseholdNotFoundError } from './logistics.errors';

export interface NewHousehold {
  regionCode: string;
  headName: string;
  identityNumber?: string | null;
  memberCount: number;
  members?: HouseholdMember[];
  needs?: string | null;
}

export type HouseholdChanges = Partial<Omit<NewHousehold, 'regionCode'>>;

/** A demo household: its village, serial and fields. */
export interface ProvisionedHousehold extends NewHousehold {
  serial: number;
}

const MAX_MEMBERS = 20;

/**
 * 建档立卡贫困户 of the villages. Staff see the households inside their scope; names and identity
 * numbers only the staff of the household's own village and town (a district sees 张*). Village,
 * town and district staff register and edit them (not auditors): the district writes what it
 * cannot read, so a masked value it was shown is refused rather than written over the real one.
 */
@Injectable()
export class HouseholdService {
  constructor(
    private readonly repo: HouseholdRepository,
    private readonly regions: RegionService,
    private readonly centres: Centres,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** A household inside the scope; NOT_FOUND otherwise, whether or not it exists. */
  async get(scope: RegionScope, id: string, field = 'householdId'): Promise<HouseholdEntity> {
    const household = await this.repo.findById(scope, id);
    if (!household) throw new HouseholdNotFoundError(id, field);
    return household;
  }

  /** The households of a region inside the scope and of the regions below it. */
  async list(scope: RegionScope, regionCode: string): Promise<HouseholdEntity[]> {
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${regionCode}`);
    return this.repo.findInRegion(scope, region);
  }

  /** The households among these inside the scope. */
  byIds(scope: RegionScope, ids: readonly string[]): Promise<HouseholdEntity[]> {
    return this.repo.findByIds(scope, ids);
  }

  /**
   * Whether the viewer may read the names and identity numbers of households it was given, which
   * were read through its scope: its village's and its town's staff may, the district reads them masked.
   */
  static isPrivileged(scope: RegionScope): boolean {
    return scope.role === Role.VILLAGE_OPERATOR || scope.role === Role.TOWN_OPERATOR;
  }

  async create(actor: StaffPrincipal, input: NewHousehold): Promise<HouseholdEntity> {
    const scope = RegionScope.of(actor);
    const fields = this.validate(input, 'input');
    const region = await this.villageInScope(actor, scope, input.regionCode, 'input.regionCode');
    if (!HouseholdService.isPrivileged(scope)) refuseMaskedNames(input, 'input');
    return this.transactions.run(async (tx) => {
      const serial = await this.repo.nextSerial(tx, region.id, region.code);
      const created = await this.repo.insert(tx, {
        ...fields,
        code: householdCode(region.code, serial),
        regionId: region.id,
      });
      await this.audit.record(tx, actor, {
        action: 'household.create',
        targetType: 'household',
        targetId: created.id,
        regionId: region.id,
        input: this.auditable(created),
      });
      return created;
    });
  }

  async update(actor: StaffPrincipal, id: string, changes: HouseholdChanges): Promise<HouseholdEntity> {
    const scope = RegionScope.of(actor);
    const current = await this.get(scope, id);
    const [region] = await this.regions.byIds([current.regionId]);
    await this.villageInScope(actor, scope, region.code, 'householdId');
    const given: HouseholdChanges = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (!HouseholdService.isPrivileged(scope)) refuseMaskedChanges(current, given, 'input');
    const fields = this.validate(
      { ...this.fieldsOf(current), ...given, regionCode: region.code } as NewHousehold,
      'input',
    );
    return this.transactions.run(async (tx) => {
      const locked = await this.repo.lock(tx, scope, id);
      if (!locked) throw new HouseholdNotFoundError(id);
      const updated = await this.repo.update(tx, id, fields);
      await this.audit.record(tx, actor, {
        action: 'household.update',
        targetType: 'household',
        targetId: id,
        regionId: region.id,
        input: this.auditable(updated),
      });
      return updated;
    });
  }

  /**
   * 住户导入: the rows of a sheet, into the villages at and below `regionCode` (a village, a town
   * or the district inside the caller's scope: village and town operators and district admins, not
   * auditors), all or nothing, one audit row per household. A row's 村/社区 is a village's code or
   * its name there; a bad row refuses the whole file, named in Chinese.
   */
  async importRows(
    actor: StaffPrincipal,
    regionCode: string,
    read: () => Promise<HouseholdImportRow[]>,
  ): Promise<HouseholdEntity[]> {
    const scope = RegionScope.of(actor);
    if (!scope.mayChange) throw new ForbiddenError('审计员只能查看住户，不能导入');
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    if (!scope.covers(region)) {
      throw new ForbiddenError(`${region.name}（${region.code}）不在你的管辖区域内：只能导入到本辖区的村、社区`);
    }
    // The file is read only once the caller may import here: a stranger learns nothing of its checks.
    const rows = await read();
    const villages = (await this.regions.subtree(region)).filter((r) => r.level === RegionLevel.VILLAGE);
    const byCode = new Map(villages.map((v) => [v.code, v]));
    const prepared = rows.map((r) => {
      const named = villages.filter((v) => v.name === r.village);
      const village = byCode.get(r.village) ?? (named.length === 1 ? named[0] : undefined);
      if (!village) {
        throw new InputError(
          'file',
          named.length > 1
            ? `第 ${r.row} 行「村/社区」${r.village} 有重名：请填区划代码`
            : `第 ${r.row} 行「村/社区」${r.village.slice(0, 30)} 不在 ${region.name} 之下`,
        );
      }
      const fields = this.validate(
        {
          regionCode: village.code,
          headName: r.headName,
          identityNumber: r.identityNumber,
          memberCount: r.memberCount,
          needs: r.needs,
        },
        `第 ${r.row} 行`,
      );
      return { village, fields };
    });
    return this.transactions.run(async (tx) => {
      const created: HouseholdEntity[] = [];
      for (const { village, fields } of prepared) {
        const serial = await this.repo.nextSerial(tx, village.id, village.code);
        const household = await this.repo.insert(tx, {
          ...fields,
          code: householdCode(village.code, serial),
          regionId: village.id,
        });
        await this.audit.record(tx, actor, {
          action: 'household.import',
          targetType: 'household',
          targetId: household.id,
          regionId: village.id,
          input: this.auditable(household),
        });
        created.push(household);
      }
      return created;
    });
  }

  /** For the demo seed: creates or updates households by village and serial. Idempotent. */
  async provision(households: ProvisionedHousehold[]): Promise<number> {
    const prepared: Omit<HouseholdEntity, 'id' | 'createdAt' | 'updatedAt'>[] = [];
    for (const [i, h] of households.entries()) {
      const region = await this.regions.requireByCode(h.regionCode, `households[${i}].regionCode`);
      if (region.level !== RegionLevel.VILLAGE)
        throw new InputError(`households[${i}].regionCode`, '贫困户只能登记在村、社区');
      prepared.push({
        ...this.validate(h, `households[${i}]`),
        code: householdCode(region.code, h.serial),
        regionId: region.id,
      });
    }
    return this.transactions.run(async (tx) => {
      for (const h of prepared) {
        const existing = await this.repo.findByCode(tx, h.code);
        if (existing) await this.repo.update(tx, existing.id, h);
        else await this.repo.insert(tx, h);
      }
      return prepared.length;
    });
  }

  /** A village inside the scope of staff who change things: its village's, its town's or its district's. */
  private async villageInScope(
    actor: StaffPrincipal,
    scope: RegionScope,
    regionCode: string,
    field: string,
  ): Promise<RegionEntity> {
    if (!scope.mayChange) throw new ForbiddenError(`${ROLE_NAMES[actor.role]}只能查看贫困户，不能登记或修改`);
    const region = await this.regions.requireByCode(regionCode, field);
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${regionCode}`);
    if (region.level !== RegionLevel.VILLAGE) throw new InputError(field, '贫困户只能登记在村、社区');
    return region;
  }

  private validate(
    input: NewHousehold,
    at: string,
  ): Pick<HouseholdEntity, 'headName' | 'identityNumber' | 'memberCount' | 'members' | 'needs'> {
    const headName = text(input.headName, `${at}.headName`, 32, true)!;
    const identityNumber = text(input.identityNumber, `${at}.identityNumber`, 18)?.toUpperCase() ?? null;
    if (identityNumber && !isIdentityNumber(identityNumber)) {
      throw new InputError(`${at}.identityNumber`, '身份证号不对：须为 18 位居民身份证号，末位校验码须相符');
    }
    if (!Number.isInteger(input.memberCount) || input.memberCount < 1 || input.memberCount > MAX_MEMBERS) {
      throw new InputError(`${at}.memberCount`, `家庭人口须为 1 到 ${MAX_MEMBERS} 的整数（含户主）`);
    }
    const members = (input.members ?? []).map((m, i) => ({
      name: text(m.name, `${at}.members[${i}].name`, 32, true)!,
      relation: text(m.relation, `${at}.members[${i}].relation`, 16, true)!,
    }));
    if (members.length > input.memberCount - 1) {
      throw new InputError(
        `${at}.members`,
        `除户主外列了 ${members.length} 位家庭成员，但家庭人口只有 ${input.memberCount} 人`,
      );
    }
    return {
      headName,
      identityNumber,
      memberCount: input.memberCount,
      members,
      needs: text(input.needs, `${at}.needs`, 500),
    };
  }

  private fieldsOf(h: HouseholdEntity): HouseholdChanges {
    return {
      headName: h.headName,
      identityNumber: h.identityNumber,
      memberCount: h.memberCount,
      members: h.members,
      needs: h.needs,
    };
  }

  /** The audit log is read at district level: names masked, identity numbers never. */
  private auditable(h: HouseholdEntity): Record<string, unknown> {
    return {
      code: h.code,
      headName: maskName(h.headName),
      identityNumber: h.identityNumber ? '[withheld]' : null,
      memberCount: h.memberCount,
      needs: h.needs,
    };
  }
}

/** A name as maskName leaves it (张*, 欧***): never a real name, only what a masked reader was shown. */
const looksMasked = (name: string | null | undefined): boolean => (name ?? '').includes('*');

/** A new household from a masked reader (the district): no name copied from a masked list. */
function refuseMaskedNames(input: Pick<NewHousehold, 'headName' | 'members'>, at: string): void {
  if (looksMasked(input.headName)) {
    throw new InputError(`${at}.headName`, `「户主姓名」不能填遮挡后的姓名（${input.headName.trim()}）：请填完整姓名`);
  }
  for (const [i, m] of (input.members ?? []).entries()) {
    if (looksMasked(m.name)) {
      throw new InputError(
        `${at}.members[${i}].name`,
        `「家庭成员」第 ${i + 1} 位的姓名不能填遮挡后的姓名（${m.name.trim()}）：请填完整姓名`,
      );
    }
  }
}

/**
 * Changes from a reader who was shown the household masked (HouseholdObject.from: 张*, no identity
 * number, no members): what it was shown, written back, would overwrite the real values, so it is
 * refused naming the field. Fields left out are kept; new values replace the old ones.
 */
function refuseMaskedChanges(current: HouseholdEntity, given: HouseholdChanges, at: string): void {
  if (given.headName !== undefined && looksMasked(given.headName)) {
    const shown = maskName(current.headName);
    throw new InputError(
      `${at}.headName`,
      given.headName.trim() === shown
        ? `「户主姓名」不能填遮挡后的姓名（${shown}）：不改请不填`
        : `「户主姓名」不能填遮挡后的姓名（${given.headName.trim()}）：不改请不填，要改请填完整姓名`,
    );
  }
  if (given.identityNumber !== undefined) {
    if (!given.identityNumber?.trim()) {
      // Shown as empty whether or not there is one: an empty value is what it saw, not a decision.
      throw new InputError(
        `${at}.identityNumber`,
        '「户主身份证号」对你不显示，不能清空：不改请不填，要更正请填完整的 18 位号码',
      );
    }
    if (looksMasked(given.identityNumber)) {
      throw new InputError(`${at}.identityNumber`, '「户主身份证号」不能填遮挡后的号码：不改请不填');
    }
  }
  const memberCount = given.memberCount ?? current.memberCount;
  if (given.members !== undefined) {
    // Shown as an empty list: sent back as it was shown, it would erase the members. A household of one has none.
    if (given.members.length === 0 && memberCount > 1) {
      throw new InputError(
        `${at}.members`,
        '「家庭成员」对你不显示，不能按空列表保存：不改请不填，重新填写请列出全部成员',
      );
    }
    refuseMaskedNames({ headName: '', members: given.members }, at);
  } else if (current.members.length > memberCount - 1) {
    throw new InputError(
      `${at}.memberCount`,
      `「家庭人口」改成 ${memberCount} 人，少于已登记的家庭成员：请同时重新填写家庭成员`,
    );
  }
}

export function householdCode(villageCode: string, serial: number): string {
  return `${villageCode}-${String(serial).padStart(3, '0')}`;
}
