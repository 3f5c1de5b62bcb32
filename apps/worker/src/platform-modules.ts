import { CampaignsModule } from '@shanchou/campaigns';
import { DonationsModule } from '@shanchou/donations';
import { FilesModule } from '@shanchou/files';
import { FundsModule } from '@shanchou/funds';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { OutreachModule } from '@shanchou/outreach';
import { LogisticsModule } from '@shanchou/logistics';
import { RegionsModule } from '@shanchou/regions';

/** The domain libraries every process of the platform loads (their entities and services). */
export const PLATFORM_MODULES = [
  RegionsModule,
  IdentityModule,
  LedgerModule,
  FilesModule,
  CampaignsModule,
  FundsModule,
  DonationsModule,
  OutreachModule,
  LogisticsModule,
];
