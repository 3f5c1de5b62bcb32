import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CampaignUpdateEntity } from './campaign-update.entity';

/** The SQL of progress updates. Campaigns are public, and so are their updates: no scope. */
@Injectable()
export class CampaignUpdateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The updates of these campaigns, newest first (one query for a whole list of campaigns). */
  ofCampaigns(campaignIds: readonly string[]): Promise<CampaignUpdateEntity[]> {
    if (campaignIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(CampaignUpdateEntity, {
      where: { campaignId: In([...campaignIds]) },
      order: { publishedAt: 'DESC', id: 'DESC' },
    });
  }

  insert(
    tx: EntityManager,
    fields: Pick<CampaignUpdateEntity, 'campaignId' | 'title' | 'body' | 'imageIds' | 'publishedBy'>,
  ): Promise<CampaignUpdateEntity> {
    return tx.save(CampaignUpdateEntity, tx.create(CampaignUpdateEntity, fields));
  }
}
