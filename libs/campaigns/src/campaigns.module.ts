import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '@shanchou/files';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { RegionsModule } from '@shanchou/regions';
import { CampaignMediaResolver, CampaignUpdateResolver } from './campaign-media.resolver';
import { CampaignUpdateEntity } from './campaign-update.entity';
import { CampaignUpdateRepository } from './campaign-update.repository';
import { CampaignUpdateService } from './campaign-update.service';
import { CampaignEntity } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';
import { CampaignResolver } from './campaign.resolver';
import { CampaignService } from './campaign.service';
import { FundraisingOverviewResolver } from './fundraising-overview.resolver';
import { FundraisingOverviewService } from './fundraising-overview.service';
import { FundsService } from './funds.service';
import { MatchPoolDonorEntity, MatchPoolEntity } from './match-pool.entities';
import { MatchPoolRepository } from './match-pool.repository';
import { MatchPoolResolver } from './match-pool.resolver';
import { MatchingService } from './matching.service';
import {
  CampaignRosterEntity,
  OrganizationDonorEntity,
  OrganizationEntity,
  OrganizationTallyEntity,
  RosterMemberEntity,
} from './organization.entities';
import { OrganizationRepository } from './organization.repository';
import { OrganizationResolver } from './organization.resolver';
import { OrganizationService } from './organization.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      CampaignEntity,
      CampaignUpdateEntity,
      OrganizationEntity,
      CampaignRosterEntity,
      RosterMemberEntity,
      OrganizationTallyEntity,
      OrganizationDonorEntity,
      MatchPoolEntity,
      MatchPoolDonorEntity,
    ]),
    RegionsModule,
    IdentityModule,
    LedgerModule,
    FilesModule,
  ],
  providers: [
    CampaignRepository,
    OrganizationRepository,
    MatchPoolRepository,
    CampaignService,
    FundsService,
    OrganizationService,
    MatchingService,
    CampaignResolver,
    CampaignUpdateRepository,
    CampaignUpdateService,
    CampaignMediaResolver,
    CampaignUpdateResolver,
    OrganizationResolver,
    MatchPoolResolver,
    FundraisingOverviewService,
    FundraisingOverviewResolver,
  ],
  exports: [CampaignService, FundsService, OrganizationService, MatchingService],
})
export class CampaignsModule {}
