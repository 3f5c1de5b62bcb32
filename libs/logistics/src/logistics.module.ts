import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@shanchou/identity';
import { LedgerModule } from '@shanchou/ledger';
import { RegionsModule } from '@shanchou/regions';
import { Centres } from './centres';
import { CustodyEventEntity } from './custody-event.entity';
import { DeliveryEntity } from './delivery.entity';
import { Desks } from './desk';
import { DisinfectionItemEntity, DisinfectionRecordEntity } from './disinfection.entity';
import { CustodyEventFieldsResolver, GoodsResolver, ItemFieldsResolver, ParcelFieldsResolver } from './goods.resolver';
import { GoodsExportController } from './goods-export.controller';
import { GoodsRepository } from './goods.repository';
import { HouseholdImportController } from './household-import.controller';
import { HouseholdEntity } from './household.entity';
import { HouseholdRepository } from './household.repository';
import { HouseholdResolver } from './household.resolver';
import { HouseholdService } from './household.service';
import { ItemEntity } from './item.entity';
import { ItemService } from './item.service';
import { LabelService } from './label.service';
import { LabelsController } from './labels.controller';
import { NeedEntity } from './need.entity';
import { NeedRepository } from './need.repository';
import { NeedResolver } from './need.resolver';
import { NeedService } from './need.service';
import { OfferEntity } from './offer.entity';
import { OfferRepository } from './offer.repository';
import { OfferResolver } from './offer.resolver';
import { OfferService } from './offer.service';
import { ParcelEntity, ParcelItemEntity } from './parcel.entity';
import { ParcelService } from './parcel.service';
import { RecordsResolver } from './records.resolver';
import { RecordsService } from './records.service';
import { SignatureController } from './signature.controller';
import { ScanService } from './scan.service';
import { StockAdjustmentEntity } from './stock-adjustment.entity';
import { StockService } from './stock.service';
import { GoodsOverviewResolver } from './goods-overview.resolver';
import { GoodsOverviewService } from './goods-overview.service';

import { GoodsLedgerOwner } from './goods-ledger-owner';
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ItemEntity,
      ParcelEntity,
      ParcelItemEntity,
      CustodyEventEntity,
      DisinfectionRecordEntity,
      DisinfectionItemEntity,
      StockAdjustmentEntity,
      HouseholdEntity,
      DeliveryEntity,
      NeedEntity,
      OfferEntity,
    ]),
    RegionsModule,
    IdentityModule,
    LedgerModule,
  ],
  controllers: [LabelsController, SignatureController, GoodsExportController, HouseholdImportController],
  providers: [
    GoodsLedgerOwner,
    Centres,
    Desks,
    GoodsRepository,
    HouseholdRepository,
    NeedRepository,
    OfferRepository,
    ItemService,
    ParcelService,
    HouseholdService,
    StockService,
    ScanService,
    NeedService,
    OfferService,
    LabelService,
    RecordsService,
    GoodsResolver,
    RecordsResolver,
    ItemFieldsResolver,
    ParcelFieldsResolver,
    CustodyEventFieldsResolver,
    HouseholdResolver,
    NeedResolver,
    OfferResolver,
    GoodsOverviewService,
    GoodsOverviewResolver,
  ],
  exports: [
    ItemService,
    ParcelService,
    HouseholdService,
    StockService,
    ScanService,
    NeedService,
    OfferService,
    RecordsService,
  ],
})
export class LogisticsModule {}
