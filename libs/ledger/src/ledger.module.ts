import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@shanchou/core';
import { LedgerCsvController } from './ledger-csv.controller';
import { LedgerEntryEntity, LedgerNodeEntity, LedgerStateEntity, LedgerTreeHeadEntity } from './ledger.entities';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';
import { LedgerSigningKey } from './signing-key';
import { TreeHeadService } from './tree-head.service';

@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryEntity, LedgerNodeEntity, LedgerStateEntity, LedgerTreeHeadEntity])],
  controllers: [LedgerCsvController],
  providers: [
    {
      provide: LedgerSigningKey,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => LedgerSigningKey.load(config),
    },
    LedgerRepository,
    LedgerService,
    LedgerProofService,
    TreeHeadService,
    LedgerResolver,
  ],
  exports: [LedgerService, TreeHeadService, LedgerProofService],
})
export class LedgerModule {}
