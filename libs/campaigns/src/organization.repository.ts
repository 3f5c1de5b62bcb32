import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree, SubtreeRoot } from '@shanchou/regions';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationKind } from './organization-kind';
import {
  CampaignRosterEntity,
  OrganizationEntity,
  OrganizationTallyEntity,
  RosterMemberEntity,
} from './organization.entities';

export type NewOrganizationRow = Pick<OrganizationEntity, 'kind' | 'name' | 'regionId'>;

export interface PublicOrganizationFilter {
  /** Organisations of this region and the regions below it; any region when omitted. */
  within?: SubtreeRoot;
  kind?: OrganizationKind;
  /** Part of the name. */
  search?: string;
  ids?: readonly string[];
}

export interface RosterKey {
  campaignId: string;
  organizationId: string;
}

export interface RosterMemberRow {
  line: number;
  name: string;
  memberNo: string | null;
}

/** One organisation's figures in a campaign, as the ranking reads them. */
export interface RankingRow {
  id: string;
  kind: OrganizationKind;
  name: string;
  regionId: string;
  rosterSize: number | null;
  participants: number;
  raisedFen: number;
  donationCount: number;
}

/** Gifts on behalf of organisations below one child region of a scope's root ('' for the root). */
export interface ChildRegionTally {
  child: string;
  raisedFen: number;
  donationCount: number;
  /** Organisations with a paid gift. */
  organizations: number;
}

const ROSTER_CHUNK = 1000;

/** pg answers sums and counts as strings, PGlite sometimes as numbers: read both. */
const num = (v: unknown): number => Number(v ?? 0);

/**
 * The SQL of organisations, their rosters and their tallies; rules live in OrganizationService.
 * Organisations are public (a donor picks one, the ranking shows their figures, never a person):
 * the `public*` reads are unscoped by that rule; what staff do goes through a scope.
 */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: EntityManager, row: NewOrganizationRow): Promise<OrganizationEntity> {
    return tx.save(OrganizationEntity, tx.create(OrganizationEntity, row));
  }

  /** The organisation of this name in a region inside the scope, or null. */
  findNamed(scope: RegionScope, regionId: string, name: string): Promise<OrganizationEntity | null> {
    return this.inScope(scope).andWhere('o.region_id = :regionId AND o.name = :name', { regionId, name }).getOne();
  }

  /** unscoped: for the demo seed, which has no caller. */
  findNamedForSeed(regionId: string, name: string): Promise<OrganizationEntity | null> {
    return this.dataSource.manager.findOneBy(OrganizationEntity, { regionId, name });
  }

  /** An organisation of a region inside the scope, or null (whether or not it exists). */
  findInScope(scope: RegionScope, id: string): Promise<OrganizationEntity | null> {
    return this.inScope(scope).andWhere('o.id = :id', { id }).getOne();
  }

  /** Locks an organisation of a region inside the scope for the rest of the transaction; null outside it. */
  lockInScope(tx: EntityManager, scope: RegionScope, id: string): Promise<OrganizationEntity | null> {
    return tx
      .createQueryBuilder(OrganizationEntity, 'o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('o.region_id'))
      .getOne();
  }

  async update(
    tx: EntityManager,
    id: string,
    changes: Pick<OrganizationEntity, 'name' | 'kind' | 'regionId'>,
  ): Promise<OrganizationEntity> {
    await tx.update(OrganizationEntity, { id }, changes);
    return tx.findOneByOrFail(OrganizationEntity, { id });
  }

  /** The roster's members in file order, when the organisation lies inside the scope; [] otherwise. */
  rosterMembers(scope: RegionScope, key: RosterKey): Promise<RosterMemberEntity[]> {
    const [inScope, params] = Subtree.of(scope).regionIn('so.region_id');
    return this.dataSource.manager
      .createQueryBuilder(RosterMemberEntity, 'm')
      .where('m.campaign_id = :campaignId AND m.organization_id = :organizationId', key)
      .andWhere(`m.organization_id IN (SELECT so.id FROM organization so WHERE ${inScope})`, params)
      .orderBy('m.line', 'ASC')
      .getMany();
  }

  /** unscoped: public; inside a transaction, pass its manager. */
  publicById(id: string, tx?: EntityManager): Promise<OrganizationEntity | null> {
    return (tx ?? this.dataSource.manager).findOneBy(OrganizationEntity, { id });
  }

  /** unscoped: the public listing (the donor's picker, a gift's organisation), by name. */
  publicList(filter: PublicOrganizationFilter): Promise<OrganizationEntity[]> {
    if (filter.ids?.length === 0) return Promise.resolve([]);
    const q = this.dataSource.manager.createQueryBuilder(OrganizationEntity, 'o').orderBy('o.name', 'ASC');
    if (filter.within) q.andWhere(...Subtree.of(filter.within, 'within').regionIn('o.region_id'));
    if (filter.kind) q.andWhere('o.kind = :kind', { kind: filter.kind });
    if (filter.ids) q.andWhere('o.id IN (:...ids)', { ids: [...filter.ids] });
    if (filter.search) {
      const escaped = filter.search.replace(/[\\%_]/g, (c) => `\\${c}`);
      q.andWhere('o.name LIKE :search', { search: `%${escaped}%` });
    }
    return q.getMany();
  }

  /**
   * Locks the organisation's roster of a campaign for the rest of the transaction, when the
   * organisation lies inside the scope; null when it has none yet.
   */
  lockRoster(tx: EntityManager, scope: RegionScope, key: RosterKey): Promise<CampaignRosterEntity | null> {
    const [inScope, params] = Subtree.of(scope).regionIn('so.region_id');
    return tx
      .createQueryBuilder(CampaignRosterEntity, 'ro')
      .where('ro.campaign_id = :campaignId AND ro.organization_id = :organizationId', key)
      .andWhere(`ro.organization_id IN (SELECT so.id FROM organization so WHERE ${inScope})`, params)
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The roster becomes these members, of this size; its earlier members are gone. */
  async replaceRoster(
    tx: EntityManager,
    key: RosterKey,
    members: readonly RosterMemberRow[],
    importer: { staffId: string; at: Date },
  ): Promise<void> {
    await tx.delete(RosterMemberEntity, key);
    await tx.upsert(
      CampaignRosterEntity,
      { ...key, size: members.length, importedBy: importer.staffId, importedAt: importer.at },
      ['campaignId', 'organizationId'],
    );
    for (let i = 0; i < members.length; i += ROSTER_CHUNK) {
      await tx.insert(
        RosterMemberEntity,
        members.slice(i, i + ROSTER_CHUNK).map((m) => ({ ...key, line: m.line, name: m.name, memberNo: m.memberNo })),
      );
    }
  }

  /**
   * Moves the donor's count of gifts on the organisation's behalf by `gifts`, answering the
   * count now. unscoped: a paid gift or its refund moves the tally of whichever organisation it
   * was given on behalf of.
   */
  async addDonorGifts(tx: EntityManager, key: RosterKey & { donorId: string }, gifts: number): Promise<number> {
    const rows: { gifts: number | string }[] = await tx.query(
      `INSERT INTO organization_donor (organization_id, campaign_id, donor_id, gifts) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, campaign_id, donor_id) DO UPDATE SET gifts = organization_donor.gifts + $4
       RETURNING gifts`,
      [key.organizationId, key.campaignId, key.donorId, gifts],
    );
    return num(rows[0].gifts);
  }

  /** Adds to the organisation's totals in a campaign (negative values take away). unscoped: as above. */
  async addToTally(
    tx: EntityManager,
    key: RosterKey,
    delta: { raisedFen: number; donations: number; donors: number },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO organization_tally (organization_id, campaign_id, raised_fen, donation_count, donor_count)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, campaign_id) DO UPDATE SET
         raised_fen = organization_tally.raised_fen + $3,
         donation_count = organization_tally.donation_count + $4,
         donor_count = organization_tally.donor_count + $5`,
      [key.organizationId, key.campaignId, delta.raisedFen, delta.donations, delta.donors],
    );
  }

  /**
   * unscoped: the public ranking (figures only). Organisations with a roster or a gift in the
   * campaign, by participation (participants / roster size, at most 1), then amount raised, then
   * name; at most `limit`.
   */
  async publicRanking(
    campaignId: string,
    filter: { kind?: OrganizationKind; within?: SubtreeRoot },
    limit: number,
  ): Promise<RankingRow[]> {
    const params: unknown[] = [campaignId];
    const where: string[] = [];
    if (filter.kind) {
      params.push(filter.kind);
      where.push(`o.kind = $${params.length}`);
    }
    if (filter.within) where.push(Subtree.of(filter.within).regionInRaw('o.region_id', params));
    params.push(limit);
    const rows: {
      id: string;
      kind: OrganizationKind;
      name: string;
      region_id: string;
      roster_size: number | string | null;
      participants: number | string;
      raised_fen: number | string;
      donation_count: number | string;
    }[] = await this.dataSource.query(
      `WITH scored AS (
         SELECT o.id, o.kind, o.name, o.region_id,
                ro.size AS roster_size,
                coalesce(t.donor_count, 0) AS participants,
                coalesce(t.raised_fen, 0) AS raised_fen,
                coalesce(t.donation_count, 0) AS donation_count
           FROM organization o
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
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      regionId: row.region_id,
      rosterSize: row.roster_size === null ? null : num(row.roster_size),
      participants: num(row.participants),
      raisedFen: num(row.raised_fen),
      donationCount: num(row.donation_count),
    }));
  }

  /** unscoped: public figures, as the ranking shows them. */
  async publicStanding(
    key: RosterKey,
  ): Promise<{ roster: CampaignRosterEntity | null; tally: OrganizationTallyEntity | null }> {
    const [roster, tally] = await Promise.all([
      this.dataSource.manager.findOneBy(CampaignRosterEntity, key),
      this.dataSource.manager.findOneBy(OrganizationTallyEntity, key),
    ]);
    return { roster, tally };
  }

  /**
   * Gifts on behalf of the scope's organisations (of one campaign, or all), summed per child
   * region of the scope's root; organisations of the root itself under ''.
   */
  async talliesByChildRegion(scope: RegionScope, campaignId?: string): Promise<ChildRegionTally[]> {
    const params: unknown[] = campaignId ? [campaignId] : [];
    const rows: {
      child: string;
      raised_fen: string | number;
      donation_count: string | number;
      orgs: string | number;
    }[] = await this.dataSource.query(
      `SELECT sc.child,
                sum(t.raised_fen) AS raised_fen,
                sum(t.donation_count) AS donation_count,
                count(DISTINCT o.id) FILTER (WHERE t.donation_count > 0) AS orgs
           FROM organization_tally t
           JOIN organization o ON o.id = t.organization_id
           JOIN (${Subtree.of(scope).regionsByChildRaw(params)}) sc ON sc.id = o.region_id
          ${campaignId ? 'WHERE t.campaign_id = $1' : ''}
          GROUP BY 1`,
      params,
    );
    return rows.map((r) => ({
      child: r.child,
      raisedFen: num(r.raised_fen),
      donationCount: num(r.donation_count),
      organizations: num(r.orgs),
    }));
  }

  private inScope(scope: RegionScope) {
    return this.dataSource.manager
      .createQueryBuilder(OrganizationEntity, 'o')
      .where(...Subtree.of(scope).regionIn('o.region_id'));
  }
}
