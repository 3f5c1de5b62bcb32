import { CampaignEntity, CampaignService, OrganizationService, OrganizationView } from '@shanchou/campaigns';
import { GraphqlContext, indexBy } from '@shanchou/core';
import DataLoader from 'dataloader';
import { DonationService } from './donation.service';

/** The per-request loaders of a list of donations (my donations, a statement): one query per field. */
export function donationLoaders(
  ctx: GraphqlContext,
  deps: { campaigns: CampaignService; organizations: OrganizationService; donations: DonationService },
) {
  return {
    campaign: ctx.loaders.get(
      'donation.campaign',
      () =>
        new DataLoader<string, CampaignEntity | null>(async (ids) =>
          indexBy(ids, await deps.campaigns.byIds(ids), (c) => c.id),
        ),
    ),
    organization: ctx.loaders.get(
      'donation.organization',
      () =>
        new DataLoader<string, OrganizationView | null>(async (ids) =>
          indexBy(ids, await deps.organizations.list({ ids }), (o) => o.id),
        ),
    ),
    matchedFen: ctx.loaders.get(
      'donation.matchedFen',
      () => new DataLoader<string, number>((ids) => deps.donations.matchedFenOf(ids)),
    ),
  };
}
