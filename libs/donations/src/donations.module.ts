import { DonationsExportController } from './donations-export.controller';
import { LedgerExportController } from './ledger-export.controller';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '@shanchou/campaigns';
import { FilesModule } from '@shanchou/files';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { WechatPayModule } from '@shanchou/wechatpay';
import { DonationEntity, DonationMatchEntity } from './donation.entity';
import { DonationRepository } from './donation.repository';
import { DonationRefundEntity } from './donation-refund.entity';
import { RefundRepository } from './refund.repository';
import { RefundService } from './refund.service';
import { DonationResolver } from './donation.resolver';
import { CheckoutThrottle } from './checkout-throttle';
import { DonationService } from './donation.service';
import { OverdueOrders } from './overdue-orders';
import { DonationLedgerOwners } from './donation-ledger-owners';
import { WechatPayNotifyController } from './wechatpay-notify.controller';
import { DonationWaitController } from './donation-wait.controller';
import { DonationWaits } from './donation-waits';
import {
  ReconciliationDifferenceEntity,
  ReconciliationResolutionEntity,
  ReconciliationRunEntity,
} from './reconciliation.entities';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationResolver } from './reconciliation.resolver';
import { ReconciliationService } from './reconciliation.service';
import { BankStatementImportEntity, BankStatementMappingEntity } from './bank-statement.entities';
import { BankStatementRepository } from './bank-statement.repository';
import { BankStatementResolver } from './bank-statement.resolver';
import { BankStatementService } from './bank-statement.service';
import { MatchEntries } from './match-entries';
import { RemittanceEntity, RemittanceLineEntity } from './remittance.entities';
import { RemittanceRepository } from './remittance.repository';
import { DonationOfflineRecordResolver, RemittanceResolver } from './remittance.resolver';
import { RemittanceService } from './remittance.service';
import { DonorPhoneResolver } from './donor-phone.resolver';
import { OfficialReceiptRequestEntity } from './official-receipt.entity';
import { OfficialReceiptRepository } from './official-receipt.repository';
import {
  DonationOfficialReceiptResolver,
  OfficialReceiptResolver,
  OfficialReceiptViews,
  RemittanceOfficialReceiptResolver,
} from './official-receipt.resolver';
import { OfficialReceiptService } from './official-receipt.service';
import { RegionsModule } from '@shanchou/regions';
import { DonorPhoneService } from './donor-phone.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      DonationEntity,
      DonationMatchEntity,
      DonationRefundEntity,
      ReconciliationRunEntity,
      ReconciliationDifferenceEntity,
      ReconciliationResolutionEntity,
      RemittanceEntity,
      RemittanceLineEntity,
      BankStatementMappingEntity,
      BankStatementImportEntity,
      OfficialReceiptRequestEntity,
    ]),
    CampaignsModule,
    FilesModule,
    IdentityModule,
    LedgerModule,
    RegionsModule,
    WechatPayModule,
  ],
  controllers: [WechatPayNotifyController, DonationWaitController, DonationsExportController, LedgerExportController],
  providers: [
    DonationRepository,
    DonationService,
    DonationWaits,
    MatchEntries,
    RefundRepository,
    RefundService,
    DonationResolver,
    OverdueOrders,
    DonationLedgerOwners,
    CheckoutThrottle,
    ReconciliationRepository,
    ReconciliationService,
    ReconciliationResolver,
    RemittanceRepository,
    RemittanceService,
    RemittanceResolver,
    DonationOfflineRecordResolver,
    DonorPhoneService,
    DonorPhoneResolver,
    OfficialReceiptRepository,
    OfficialReceiptService,
    OfficialReceiptViews,
    OfficialReceiptResolver,
    DonationOfficialReceiptResolver,
    RemittanceOfficialReceiptResolver,
    BankStatementRepository,
    BankStatementService,
    BankStatementResolver,
  ],
  exports: [
    RemittanceService,
    DonationService,
    DonationWaits,
    RefundService,
    ReconciliationService,
    OverdueOrders,
    DonationLedgerOwners,
  ],
})
export class DonationsModule {}
