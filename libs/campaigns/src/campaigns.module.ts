import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@shanchou/identity';
import { RegionsModule } from '@shanchou/regions';
import { CampaignEntity } from './campaign.entity';
import { CampaignResolver } from './campaign.resolver';
import { LedgerModule } from '@shanchou/ledger';
import { CampaignService } from './campaign.service';
import { FundsService } from './funds.service';

@Module({
  imports: [TypeOrmModule.forFeature([CampaignEntity]), RegionsModule, IdentityModule, LedgerModule],
  providers: [CampaignService, FundsService, CampaignResolver],
  exports: [CampaignService, FundsService],
})
export class CampaignsModule {}
