import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { RegionService, Subtree } from '@shanchou/regions';
import { Repository } from 'typeorm';
import { CampaignKind, CampaignStatus } from './campaign-kind';
import { CampaignEntity } from './campaign.entity';

/** One campaign's figures. */
export interface CampaignFigures {
  campaignId: string;
  slug: string;
  title: string;
  kind: CampaignKind;
  status: CampaignStatus;
  goalFen: number | null;
  raisedFen: number;
  donationCount: number;
}

/** Gifts given on behalf of organisations (单位, 党支部) in one region below the scope's root. */
export interface RegionFigures {
  regionCode: string;
  regionName: string;
  raisedFen: number;
  donationCount: number;
  /** Organisations in the region that have a paid gift. */
  organizations: number;
}

export interface FundraisingOverview {
  raisedFen: number;
  donationCount: number;
  byCampaign: CampaignFigures[];
  /** Every region one level below the scope's root (for a district: its streets and towns). */
  byRegion: RegionFigures[];
  /** On behalf of organisations of the root region itself (区直单位). */
  rootUnitsFen: number;
  /** Given by people for themselves, on behalf of no organisation. */
  personalFen: number;
}

/**
 * 筹款总览 for the district centre: what each campaign raised, and where the money came from,
 * by the town of the work unit or party branch a gift was given on behalf of.
 */
@Injectable()
export class FundraisingOverviewService {
  constructor(
    @InjectRepository(CampaignEntity) private readonly campaigns: Repository<CampaignEntity>,
    private readonly regions: RegionService,
  ) {}

  async overview(scope: RegionScope, campaignId?: string): Promise<FundraisingOverview> {
    const campaigns = await this.campaigns.find({
      where: campaignId ? { id: campaignId } : {},
      order: { createdAt: 'ASC' },
    });
    const byCampaign = campaigns.map((c) => ({
      campaignId: c.id,
      slug: c.slug,
      title: c.title,
      kind: c.kind,
      status: c.status,
      goalFen: c.goalFen === null ? null : Number(c.goalFen),
      raisedFen: Number(c.raisedFen),
      donationCount: c.donationCount,
    }));
    const raisedFen = byCampaign.reduce((sum, c) => sum + c.raisedFen, 0);
    const donationCount = byCampaign.reduce((sum, c) => sum + c.donationCount, 0);

    const [root] = await this.regions.byIds([scope.regionId]);
    const children = root ? await this.regions.childrenOf([root.id]) : [];
    const params: unknown[] = campaignId ? [campaignId] : [];
    const rows: {
      child: string;
      raised_fen: string | number;
      donation_count: string | number;
      orgs: string | number;
    }[] = await this.campaigns.query(
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
    const byChild = new Map(rows.map((r) => [r.child, r]));
    const byRegion = children
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((region) => {
        const row = byChild.get(region.code);
        return {
          regionCode: region.code,
          regionName: region.name,
          raisedFen: Number(row?.raised_fen ?? 0),
          donationCount: Number(row?.donation_count ?? 0),
          organizations: Number(row?.orgs ?? 0),
        };
      });
    // Organisations of the root region itself have no segment below it.
    const rootUnitsFen = Number(byChild.get('')?.raised_fen ?? 0);
    const attributed = rootUnitsFen + byRegion.reduce((sum, r) => sum + r.raisedFen, 0);
    return { raisedFen, donationCount, byCampaign, byRegion, rootUnitsFen, personalFen: raisedFen - attributed };
  }
}
