import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '@shanchou/campaigns';
import { FilesModule } from '@shanchou/files';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { RegionsModule } from '@shanchou/regions';
import { FundAttachments } from './fund-attachments';
import { FUND_ENTITIES } from './fund-request.entities';
import { FundRequestLedgerOwner } from './fund-request-ledger-owner';
import { FundRequestRepository } from './fund-request.repository';
import { FundRequestResolver } from './fund-request.resolver';
import { FundRequestService } from './fund-request.service';

/** 项目资金的六道关口: fund requests from 上报 to 验收, the only way money leaves a campaign. */
@Module({
  imports: [
    TypeOrmModule.forFeature(FUND_ENTITIES),
    CampaignsModule,
    FilesModule,
    IdentityModule,
    LedgerModule,
    RegionsModule,
  ],
  providers: [FundRequestRepository, FundAttachments, FundRequestService, FundRequestResolver, FundRequestLedgerOwner],
  exports: [FundRequestService],
})
export class FundsModule {}
