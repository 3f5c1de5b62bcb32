import { Injectable } from '@nestjs/common';
import { groupBy, InputError, InvalidTransitionError, NotFoundError, Transactions } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { CampaignStatus } from './campaign-kind';
import { CampaignUpdateEntity } from './campaign-update.entity';
import { CampaignUpdateRepository } from './campaign-update.repository';
import { CampaignRepository } from './campaign.repository';

export const UPDATE_TITLE_MAX = 100;
export const UPDATE_BODY_MAX = 20_000;
export const UPDATE_IMAGES_MAX = 9;

export interface NewCampaignUpdate {
  campaignId: string;
  title: string;
  body: string;
  imageIds?: string[];
}

/** 项目进展: progress updates published to a campaign's page. */
@Injectable()
export class CampaignUpdateService {
  constructor(
    private readonly updates: CampaignUpdateRepository,
    private readonly campaigns: CampaignRepository,
    private readonly files: FilesService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** For a DataLoader: each campaign's updates, newest first, in the order of the ids. */
  async ofCampaigns(campaignIds: readonly string[]): Promise<CampaignUpdateEntity[][]> {
    return groupBy(campaignIds, await this.updates.ofCampaigns(campaignIds), (u) => u.campaignId);
  }

  async publish(actor: StaffPrincipal, input: NewCampaignUpdate): Promise<CampaignUpdateEntity> {
    const title = input.title.trim();
    const body = input.body.trim();
    if (!title) throw new InputError('input.title', '请填写进展标题');
    if (title.length > UPDATE_TITLE_MAX) throw new InputError('input.title', `标题最多 ${UPDATE_TITLE_MAX} 个字`);
    if (!body) throw new InputError('input.body', '请填写进展内容');
    if (body.length > UPDATE_BODY_MAX) throw new InputError('input.body', `内容最多 ${UPDATE_BODY_MAX} 个字`);
    const imageIds = input.imageIds ?? [];
    if (imageIds.length > UPDATE_IMAGES_MAX)
      throw new InputError('input.imageIds', `一条进展最多 ${UPDATE_IMAGES_MAX} 张图片`);
    return this.transactions.run(async (tx) => {
      const campaign = await this.campaigns.lock(tx, input.campaignId);
      if (!campaign) throw new NotFoundError('Campaign', input.campaignId, 'input.campaignId');
      if (campaign.status === CampaignStatus.DRAFT)
        throw new InvalidTransitionError(`项目「${campaign.title}」还是草稿：开始募捐后才能发布进展`);
      await this.files.requireFiles(
        RegionScope.of(actor),
        imageIds,
        [FilePurpose.CAMPAIGN_IMAGE],
        'input.imageIds',
        tx,
      );
      const update = await this.updates.insert(tx, {
        campaignId: campaign.id,
        title,
        body,
        imageIds,
        publishedBy: actor.staffId,
      });
      await this.audit.record(tx, actor, {
        action: 'campaign.publishUpdate',
        targetType: 'campaign',
        targetId: campaign.id,
        regionId: campaign.regionId ?? actor.regionId,
        input: { campaignId: campaign.id, updateId: update.id, title, body, imageIds },
      });
      return update;
    });
  }
}
