import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { CampaignKind, CampaignStatus } from './campaign-kind';
import { CampaignRepository } from './campaign.repository';
import { OrganizationRepository } from './organization.repository';

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
    private readonly campaigns: CampaignRepository,
    private readonly organizations: OrganizationRepository,
    private readonly regions: RegionService,
  ) {}

  async overview(scope: RegionScope, campaignId?: string): Promise<FundraisingOverview> {
    const campaigns = await this.campaigns.list({ id: campaignId });
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
    const tallies = await this.organizations.talliesByChildRegion(scope, campaignId);
    const byChild = new Map(tallies.map((t) => [t.child, t]));
    const byRegion = children
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((region) => {
        const row = byChild.get(region.code);
        return {
          regionCode: region.code,
          regionName: region.name,
          raisedFen: row?.raisedFen ?? 0,
          donationCount: row?.donationCount ?? 0,
          organizations: row?.organizations ?? 0,
        };
      });
    // Organisations of the root region itself have no segment below it.
    const rootUnitsFen = byChild.get('')?.raisedFen ?? 0;
    const attributed = rootUnitsFen + byRegion.reduce((sum, r) => sum + r.raisedFen, 0);
    return { raisedFen, donationCount, byCampaign, byRegion, rootUnitsFen, personalFen: raisedFen - attributed };
  }
}
