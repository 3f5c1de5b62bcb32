import { Injectable, OnModuleInit } from '@nestjs/common';
import { LedgerOwners } from '@shanchou/ledger';
import { FundRequestRepository } from './fund-request.repository';
import { FUND_REQUEST_OWNER } from './fund-request.service';

/** A request keeps the seq of its DISBURSEMENT entry (FundRequest.ledgerSeq), written by the sequencer. */
@Injectable()
export class FundRequestLedgerOwner implements OnModuleInit {
  constructor(
    private readonly owners: LedgerOwners,
    private readonly repo: FundRequestRepository,
  ) {}

  onModuleInit(): void {
    this.owners.register({ kind: FUND_REQUEST_OWNER, integrated: (tx, seqs) => this.repo.setLedgerSeqs(tx, seqs) });
  }
}
