import { Injectable, OnModuleInit } from '@nestjs/common';
import { LedgerOwners } from '@shanchou/ledger';
import { GoodsRepository } from './goods.repository';

/** Owner kind of an item's GOODS_IN entry (NewLedgerEntry.owner). */
export const GOODS_ITEM_OWNER = 'goods-item';

/** An item keeps the seq of its GOODS_IN entry (Item.ledgerSeq), written by the sequencer. */
@Injectable()
export class GoodsLedgerOwner implements OnModuleInit {
  constructor(
    private readonly owners: LedgerOwners,
    private readonly goods: GoodsRepository,
  ) {}

  onModuleInit(): void {
    this.owners.register({ kind: GOODS_ITEM_OWNER, integrated: (tx, seqs) => this.goods.setLedgerSeqs(tx, seqs) });
  }
}
