import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  InvalidTransitionError,
  NotFoundError,
  Transactions,
} from '@shanchou/core';
import { AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionEntity, RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { CampaignStatus } from './campaign-kind';
import { CampaignService } from './campaign.service';
import { OrganizationKind } from './organization-kind';
import { OrganizationEntity } from './organization.entities';
import { OrganizationRepository } from './organization.repository';
import { parseRoster } from './roster-csv';

export interface NewOrganization {
  kind: OrganizationKind;
  name: string;
  regionCode: string;
}

export interface OrganizationFilter {
  regionCode?: string;
  kind?: OrganizationKind;
  /** Part of the name, for the donor's picker. */
  search?: string;
  ids?: readonly string[];
}

/** An organisation as lists show it: with its region's code and name. */
export interface OrganizationView {
  id: string;
  kind: OrganizationKind;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface RankingLine {
  rank: number;
  organization: OrganizationView;
  rosterSize: number | null;
  participants: number;
  raisedFen: number;
  donationCount: number;
}

/** What updateOrganization changes; the name is always given, the rest stays when left out. */
export interface OrganizationChanges {
  name: string;
  kind?: OrganizationKind;
  regionCode?: string;
}

/** One member of an imported roster, as staff in scope read it back. */
export interface RosterMemberView {
  line: number;
  name: string;
  memberNo: string | null;
}

export interface RosterImport {
  size: number;
  previousSize: number | null;
}

/** The most the public list answers with. */
const LIST_LIMIT = 500;

/**
 * 单位与党支部: who donors give on behalf of, their rosters (花名册) per campaign, and the
 * participation ranking, which shows organisations' figures and never a person.
 */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly campaigns: CampaignService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async create(actor: StaffPrincipal, scope: RegionScope, input: NewOrganization): Promise<OrganizationView> {
    const name = input.name.trim();
    if (!name) throw new InputError('input.name', '单位名称不能为空');
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    if (!scope.mayChange || !scope.covers(region))
      throw new ForbiddenError(`${region.name}不在你的管辖范围内，不能在那里添加单位`);
    if (await this.organizations.findNamed(scope, region.id, name))
      throw new ConflictError(`${region.name}已有名为「${name}」的单位`, 'input.name');
    const created = await this.transactions.run(async (tx) => {
      const org = await this.organizations.insert(tx, { kind: input.kind, name, regionId: region.id });
      await this.audit.record(tx, actor, {
        action: 'organization.create',
        targetType: 'organization',
        targetId: org.id,
        regionId: region.id,
        input: { ...input },
      });
      return org;
    });
    return { id: created.id, kind: created.kind, name: created.name, regionCode: region.code, regionName: region.name };
  }

  /**
   * Renames an organisation, changes its kind or moves it to another region, all inside the
   * actor's scope; a name already used in the region is refused.
   */
  async update(
    actor: StaffPrincipal,
    scope: RegionScope,
    organizationId: string,
    changes: OrganizationChanges,
  ): Promise<OrganizationView> {
    const name = changes.name.trim();
    if (!name) throw new InputError('input.name', '名称不能为空');
    const org = await this.requireChangeable(scope, organizationId, '修改');
    const region = changes.regionCode
      ? await this.regions.requireByCode(changes.regionCode, 'input.regionCode')
      : (await this.regions.byIds([org.regionId]))[0];
    if (!scope.covers(region))
      throw new ForbiddenError(`${region.name}不在你的管辖区域内：不能把单位移到那里（input.regionCode）`);
    const duplicate = await this.organizations.findNamed(scope, region.id, name);
    if (duplicate && duplicate.id !== org.id) throw duplicateName(region, name);
    try {
      const updated = await this.transactions.run(async (tx) => {
        const locked = await this.organizations.lockInScope(tx, scope, org.id);
        if (!locked) throw new NotFoundError('Organization', organizationId, 'organizationId');
        const before = { name: locked.name, kind: locked.kind, regionId: locked.regionId };
        const after = { name, kind: changes.kind ?? locked.kind, regionId: region.id };
        const saved = await this.organizations.update(tx, locked.id, after);
        await this.audit.record(tx, actor, {
          action: 'organization.update',
          targetType: 'organization',
          targetId: locked.id,
          regionId: region.id,
          input: { organizationId, before, after },
        });
        return saved;
      });
      return view(updated, region);
    } catch (err) {
      // A rename racing another to the same name: the unique index lets one through.
      if (isUniqueViolation(err)) throw duplicateName(region, name);
      throw err;
    }
  }

  /**
   * 花名册: the members of an organisation's roster for a campaign, for staff whose region covers
   * the organisation (names and member numbers are personal data, never public). Phone numbers
   * in the file were used only to tell namesakes apart and are not kept, so none come back.
   */
  async roster(scope: RegionScope, input: { organizationId: string; campaignId: string }): Promise<RosterMemberView[]> {
    await this.campaigns.requireById(input.campaignId, 'campaignId');
    const org = await this.organizations.findInScope(scope, input.organizationId);
    if (!org) {
      const found = await this.requireById(input.organizationId, 'organizationId');
      throw new ForbiddenError(`${found.name}不在你的管辖区域内：不能查看它的花名册`);
    }
    const members = await this.organizations.rosterMembers(scope, {
      campaignId: input.campaignId,
      organizationId: org.id,
    });
    return members.map((m) => ({ line: m.line, name: m.name, memberNo: m.memberNo }));
  }

  /** An organisation the scope may change; FORBIDDEN outside it (organisations are public: it hides nothing). */
  async requireChangeable(scope: RegionScope, id: string, verb: string): Promise<OrganizationEntity> {
    const org = await this.organizations.findInScope(scope, id);
    if (org && scope.mayChange) return org;
    const found = org ?? (await this.requireById(id, 'organizationId'));
    throw new ForbiddenError(`${found.name}不在你的管辖区域内：不能${verb}它`);
  }

  /** For the demo seed: creates organisations by region and name if they do not exist. Idempotent. */
  async provision(organizations: NewOrganization[]): Promise<number> {
    let created = 0;
    for (const input of organizations) {
      const region = await this.regions.requireByCode(input.regionCode, 'regionCode');
      if (await this.organizations.findNamedForSeed(region.id, input.name)) continue;
      await this.transactions.run((tx) =>
        this.organizations.insert(tx, { kind: input.kind, name: input.name, regionId: region.id }),
      );
      created++;
    }
    return created;
  }

  /** unscoped: the public list, in region-tree order, then by name; at most 500. */
  async list(filter: OrganizationFilter = {}): Promise<OrganizationView[]> {
    const within = filter.regionCode
      ? { rootPath: (await this.regions.requireByCode(filter.regionCode, 'regionCode')).path }
      : undefined;
    const found = await this.organizations.publicList({
      within,
      kind: filter.kind,
      ids: filter.ids,
      search: filter.search?.trim() || undefined,
    });
    // The tree order is the regions module's: the rows come by name, and are put in it here.
    const regions = await this.regionsOf(found);
    return found
      .map((org) => ({ org, region: regions.get(org.regionId) }))
      .sort((a, b) => comparePaths(a.region?.path ?? '', b.region?.path ?? ''))
      .slice(0, LIST_LIMIT)
      .map(({ org, region }) => view(org, region));
  }

  /** unscoped: public (a donor gives on behalf of any organisation); inside a transaction, pass its manager. */
  async requireById(id: string, field = 'organizationId', tx?: EntityManager): Promise<OrganizationEntity> {
    const org = await this.organizations.publicById(id, tx);
    if (!org) throw new NotFoundError('Organization', id, field);
    return org;
  }

  /**
   * Replaces the organisation's roster for a campaign with the file's members, all or nothing.
   * The size is what participation is measured against.
   */
  async importRoster(
    actor: StaffPrincipal,
    scope: RegionScope,
    input: { campaignId: string; organizationId: string; csv: string },
  ): Promise<RosterImport> {
    const members = parseRoster(input.csv, 'csv');
    const campaign = await this.campaigns.requireById(input.campaignId, 'campaignId');
    if (campaign.status === CampaignStatus.CLOSED)
      throw new InvalidTransitionError(`项目「${campaign.title}」已结束：花名册不能再更改`);
    const org = await this.organizations.findInScope(scope, input.organizationId);
    if (!org || !scope.mayChange) {
      // Outside the scope FORBIDDEN rather than NOT_FOUND: organisations are public, so it hides nothing.
      const found = org ?? (await this.requireById(input.organizationId, 'organizationId'));
      throw new ForbiddenError(`「${found.name}」不在你的管辖区域内：不能导入它的花名册`);
    }
    return this.transactions.run(async (tx) => {
      const key = { campaignId: campaign.id, organizationId: org.id };
      const previous = await this.organizations.lockRoster(tx, scope, key);
      await this.organizations.replaceRoster(tx, key, members, { staffId: actor.staffId, at: new Date() });
      await this.audit.record(tx, actor, {
        action: 'organization.import-roster',
        targetType: 'organization',
        targetId: org.id,
        regionId: org.regionId,
        input: { campaignId: campaign.id, organizationId: org.id, size: members.length },
      });
      return { size: members.length, previousSize: previous?.size ?? null };
    });
  }

  /**
   * Moves an organisation's totals with a gift (+1) or its refund (-1), in the gift's transaction.
   * A donor counts once however many gifts they give.
   */
  async tally(
    tx: EntityManager,
    gift: { organizationId: string; campaignId: string; donorId: string; amountFen: number; gifts: 1 | -1 },
  ): Promise<void> {
    const key = { organizationId: gift.organizationId, campaignId: gift.campaignId };
    const giftsNow = await this.organizations.addDonorGifts(tx, { ...key, donorId: gift.donorId }, gift.gifts);
    const donorDelta = gift.gifts > 0 ? (giftsNow === 1 ? 1 : 0) : giftsNow === 0 ? -1 : 0;
    await this.organizations.addToTally(tx, key, {
      raisedFen: gift.amountFen * gift.gifts,
      donations: gift.gifts,
      donors: donorDelta,
    });
  }

  /**
   * 参与率排行: organisations with a roster or a gift in the campaign, by participation
   * (participants / roster size), then by amount raised. Figures only, never names of people.
   */
  async ranking(
    campaignId: string,
    filter: { kind?: OrganizationKind; regionCode?: string; first?: number } = {},
  ): Promise<RankingLine[]> {
    await this.campaigns.requireById(campaignId, 'campaignId');
    const within = filter.regionCode
      ? { rootPath: (await this.regions.requireByCode(filter.regionCode, 'regionCode')).path }
      : undefined;
    const limit = Math.min(Math.max(filter.first ?? 50, 1), 200);
    const rows = await this.organizations.publicRanking(campaignId, { kind: filter.kind, within }, limit);
    const regions = await this.regionsOf(rows);
    return rows.map((row, i) => ({
      rank: i + 1,
      organization: view(row, regions.get(row.regionId)),
      rosterSize: row.rosterSize,
      participants: row.participants,
      raisedFen: row.raisedFen,
      donationCount: row.donationCount,
    }));
  }

  /** One organisation's figures in a campaign. */
  async standing(campaignId: string, organizationId: string): Promise<Omit<RankingLine, 'rank' | 'organization'>> {
    const { roster, tally } = await this.organizations.publicStanding({ campaignId, organizationId });
    return {
      rosterSize: roster?.size ?? null,
      participants: tally?.donorCount ?? 0,
      raisedFen: Number(tally?.raisedFen ?? 0),
      donationCount: tally?.donationCount ?? 0,
    };
  }

  private async regionsOf(rows: readonly { regionId: string }[]): Promise<Map<string, RegionEntity>> {
    const ids = [...new Set(rows.map((r) => r.regionId))];
    return new Map(ids.length ? (await this.regions.byIds(ids)).map((r) => [r.id, r]) : []);
  }
}

function view(
  org: { id: string; kind: OrganizationKind; name: string },
  region: RegionEntity | undefined,
): OrganizationView {
  return { id: org.id, kind: org.kind, name: org.name, regionCode: region?.code ?? '', regionName: region?.name ?? '' };
}

function duplicateName(region: RegionEntity, name: string): ConflictError {
  return new ConflictError(`${region.name}已有名为“${name}”的单位或党支部（input.name）`, 'input.name');
}

/** A PostgreSQL unique violation (23505), as pg and PGlite raise it through TypeORM. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}

/** Region paths in byte order, as their `C` collation sorts them. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
