import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@shanchou/core';
import { LedgerCsvController } from './ledger-csv.controller';
import { LedgerKeyEntity } from './ledger-key.entity';
import { LedgerKeysRepository } from './ledger-keys.repository';
import { LedgerKeys } from './ledger-keys.service';
import { LedgerEntryEntity, LedgerNodeEntity, LedgerStateEntity, LedgerTreeHeadEntity } from './ledger.entities';
import { LedgerProofService } from './ledger-proof.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';
import { LedgerSigningKey } from './signing-key';
import { LedgerDebitLockEntity, LedgerPendingEntity } from './ledger-pending.entity';
import { LedgerOwners } from './sequencer/ledger-owners';
import { LedgerSequencer } from './sequencer/ledger-sequencer';
import { SequencerRepository } from './sequencer/sequencer.repository';
import { TreeHeadService } from './tree-head.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      LedgerEntryEntity,
      LedgerNodeEntity,
      LedgerStateEntity,
      LedgerTreeHeadEntity,
      LedgerKeyEntity,
      LedgerPendingEntity,
      LedgerDebitLockEntity,
    ]),
  ],
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
    LedgerKeysRepository,
    LedgerKeys,
    TreeHeadService,
    LedgerResolver,
    LedgerOwners,
    SequencerRepository,
    LedgerSequencer,
  ],
  exports: [LedgerService, TreeHeadService, LedgerKeys, LedgerProofService, LedgerOwners, LedgerSequencer],
})
export class LedgerModule {}
