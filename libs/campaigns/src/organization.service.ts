import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ConflictError,
  ForbiddenError,
  InputError,
  InvalidTransitionError,
  NotFoundError,
  Transactions,
} from '@shanchou/core';
import { AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService, Subtree } from '@shanchou/regions';
import { EntityManager, Repository } from 'typeorm';
import { CampaignStatus } from './campaign-kind';
import { CampaignService } from './campaign.service';
import { OrganizationKind } from './organization-kind';
import {
  CampaignRosterEntity,
  OrganizationEntity,
  OrganizationTallyEntity,
  RosterMemberEntity,
} from './organization.entities';
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

export interface RosterImport {
  size: number;
  previousSize: number | null;
}

const ROSTER_CHUNK = 1000;

/**
 * 单位与党支部: who donors give on behalf of, their rosters (花名册) per campaign, and the
 * participation ranking, which shows organisations' figures and never a person.
 */
@Injectable()
export class OrganizationService {
  constructor(
    @InjectRepository(OrganizationEntity) private readonly organizations: Repository<OrganizationEntity>,
    private readonly campaigns: CampaignService,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async create(actor: StaffPrincipal, scope: RegionScope, input: NewOrganization): Promise<OrganizationView> {
    const name = input.name.trim();
    if (!name) throw new InputError('input.name', 'must not be empty');
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    if (!scope.mayChange || !scope.covers(region))
      throw new ForbiddenError(`${region.name} is outside your region: you cannot add organisations there`);
    if (await this.organizations.findOneBy({ regionId: region.id, name }))
      throw new ConflictError(`${region.name} already has an organisation named ${name}`, 'input.name');
    const created = await this.transactions.run(async (tx) => {
      const org = await tx.save(
        OrganizationEntity,
        tx.create(OrganizationEntity, { kind: input.kind, name, regionId: region.id }),
      );
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

  /** For the demo seed: creates organisations by region and name if they do not exist. Idempotent. */
  async provision(organizations: NewOrganization[]): Promise<number> {
    let created = 0;
    for (const input of organizations) {
      const region = await this.regions.requireByCode(input.regionCode, 'regionCode');
      if (await this.organizations.findOneBy({ regionId: region.id, name: input.name })) continue;
      await this.organizations.save(
        this.organizations.create({ kind: input.kind, name: input.name, regionId: region.id }),
      );
      created++;
    }
    return created;
  }

  async list(filter: OrganizationFilter = {}): Promise<OrganizationView[]> {
    const q = this.organizations
      .createQueryBuilder('o')
      .innerJoin('region', 'r', 'r.id = o.region_id')
      .select(['o.id AS id', 'o.kind AS kind', 'o.name AS name', 'r.code AS "regionCode"', 'r.name AS "regionName"'])
      .orderBy('r.path', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(500);
    if (filter.regionCode) {
      const region = await this.regions.requireByCode(filter.regionCode, 'regionCode');
      q.andWhere(...Subtree.of({ rootPath: region.path }).regionIn('o.region_id'));
    }
    if (filter.kind) q.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.ids) q.andWhere('o.id IN (:...ids)', { ids: filter.ids.length ? [...filter.ids] : [null] });
    if (filter.search?.trim()) {
      const escaped = filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      q.andWhere('o.name LIKE :search', { search: `%${escaped}%` });
    }
    return q.getRawMany<OrganizationView>();
  }

  /** Inside a transaction, pass its manager. */
  async requireById(id: string, field = 'organizationId', tx?: EntityManager): Promise<OrganizationEntity> {
    const org = await (tx ? tx.findOneBy(OrganizationEntity, { id }) : this.organizations.findOneBy({ id }));
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
      throw new InvalidTransitionError(`campaign ${campaign.slug} is closed: its rosters can no longer change`);
    const org = await this.requireById(input.organizationId, 'organizationId');
    const [region] = await this.regions.byIds([org.regionId]);
    if (!scope.mayChange || !region || !scope.covers(region))
      throw new ForbiddenError(`${org.name} is outside your region: you cannot import its roster`);
    return this.transactions.run(async (tx) => {
      const key = { campaignId: campaign.id, organizationId: org.id };
      const previous = await tx.findOne(CampaignRosterEntity, { where: key, lock: { mode: 'pessimistic_write' } });
      await tx.delete(RosterMemberEntity, key);
      await tx.upsert(
        CampaignRosterEntity,
        { ...key, size: members.length, importedBy: actor.staffId, importedAt: new Date() },
        ['campaignId', 'organizationId'],
      );
      for (let i = 0; i < members.length; i += ROSTER_CHUNK) {
        await tx.insert(
          RosterMemberEntity,
          members.slice(i, i + ROSTER_CHUNK).map((m) => ({ ...key, line: m.line, name: m.name, memberNo: m.memberNo })),
        );
      }
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
    const rows: { gifts: number }[] = await tx.query(
      `INSERT INTO organization_donor (organization_id, campaign_id, donor_id, gifts) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, campaign_id, donor_id) DO UPDATE SET gifts = organization_donor.gifts + $4
       RETURNING gifts`,
      [gift.organizationId, gift.campaignId, gift.donorId, gift.gifts],
    );
    const giftsNow = Number(rows[0].gifts);
    const donorDelta = gift.gifts > 0 ? (giftsNow === 1 ? 1 : 0) : giftsNow === 0 ? -1 : 0;
    await tx.query(
      `INSERT INTO organization_tally (organization_id, campaign_id, raised_fen, donation_count, donor_count)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, campaign_id) DO UPDATE SET
         raised_fen = organization_tally.raised_fen + $3,
         donation_count = organization_tally.donation_count + $4,
         donor_count = organization_tally.donor_count + $5`,
      [key.organizationId, key.campaignId, gift.amountFen * gift.gifts, gift.gifts, donorDelta],
    );
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
    const params: unknown[] = [campaignId];
    const where: string[] = [];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`o.kind = $${params.length}`);
    }
    if (filter.regionCode) {
      const region = await this.regions.requireByCode(filter.regionCode, 'regionCode');
      where.push(Subtree.of({ rootPath: region.path }).regionInRaw('o.region_id', params));
    }
    params.push(Math.min(Math.max(filter.first ?? 50, 1), 200));
    const rows: {
      id: string;
      kind: OrganizationKind;
      name: string;
      region_code: string;
      region_name: string;
      roster_size: number | string | null;
      participants: number | string;
      raised_fen: number | string;
      donation_count: number | string;
    }[] = await this.organizations.query(
      `WITH scored AS (
         SELECT o.id, o.kind, o.name, r.code AS region_code, r.name AS region_name,
                ro.size AS roster_size,
                coalesce(t.donor_count, 0) AS participants,
                coalesce(t.raised_fen, 0) AS raised_fen,
                coalesce(t.donation_count, 0) AS donation_count
           FROM organization o
           JOIN region r ON r.id = o.region_id
           LEFT JOIN campaign_roster ro ON ro.organization_id = o.id AND ro.campaign_id = $1
           LEFT JOIN organization_tally t ON t.organization_id = o.id AND t.campaign_id = $1
          WHERE (ro.size IS NOT NULL OR t.donation_count > 0)
            ${where.length ? `AND ${where.join(' AND ')}` : ''}
       )
       SELECT * FROM scored
        ORDER BY CASE WHEN roster_size > 0 THEN least(participants::numeric / roster_size, 1) END DESC NULLS LAST,
                 raised_fen DESC, name ASC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((row, i) => ({
      rank: i + 1,
      organization: {
        id: row.id,
        kind: row.kind,
        name: row.name,
        regionCode: row.region_code,
        regionName: row.region_name,
      },
      rosterSize: row.roster_size === null ? null : Number(row.roster_size),
      participants: Number(row.participants),
      raisedFen: Number(row.raised_fen),
      donationCount: Number(row.donation_count),
    }));
  }

  /** One organisation's figures in a campaign. */
  async standing(campaignId: string, organizationId: string): Promise<Omit<RankingLine, 'rank' | 'organization'>> {
    const [roster, tally] = await Promise.all([
      this.organizations.manager.findOneBy(CampaignRosterEntity, { campaignId, organizationId }),
      this.organizations.manager.findOneBy(OrganizationTallyEntity, { campaignId, organizationId }),
    ]);
    return {
      rosterSize: roster?.size ?? null,
      participants: tally?.donorCount ?? 0,
      raisedFen: Number(tally?.raisedFen ?? 0),
      donationCount: tally?.donationCount ?? 0,
    };
  }
}
