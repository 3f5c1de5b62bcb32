import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@shanchou/identity';
import { RegionsModule } from '@shanchou/regions';
import { CampaignEntity } from './campaign.entity';
import { CampaignResolver } from './campaign.resolver';
import { CampaignService } from './campaign.service';

@Module({
  imports: [TypeOrmModule.forFeature([CampaignEntity]), RegionsModule, IdentityModule],
  providers: [CampaignService, CampaignResolver],
  exports: [CampaignService],
})
export class CampaignsModule {}
