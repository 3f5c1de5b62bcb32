import { Injectable, OnModuleInit } from '@nestjs/common';
import { LedgerOwners, OwnedSeq } from '@shanchou/ledger';
import { EntityManager } from 'typeorm';
import { DonationRepository } from './donation.repository';
import { DonationWaits } from './donation-waits';

/** Owner kinds of a donation's ledger entries (NewLedgerEntry.owner). */
export const DONATION_OWNER = 'donation';
export const MATCH_OWNER = 'donation-match';
export const UNMATCH_OWNER = 'donation-unmatch';

/**
 * Where a donation's entries keep their seq: the gift's DONATION entry on the donation
 * (ledgerSeq, what the receipt and the certificate show), its MATCH and UNMATCH entries on the
 * match. The sequencer calls these inside its batch's transaction.
 */
@Injectable()
export class DonationLedgerOwners implements OnModuleInit {
  constructor(
    private readonly owners: LedgerOwners,
    private readonly donations: DonationRepository,
    private readonly waits: DonationWaits,
  ) {}

  onModuleInit(): void {
    this.owners.register({
      kind: DONATION_OWNER,
      integrated: (tx: EntityManager, seqs: OwnedSeq[]) =>
        this.donations.setLedgerSeqs(tx, 'donation.ledger_seq', seqs),
      // Their donors' pages may be waiting for the seq (正在入账 → 第 n 条).
      announce: async (seqs: OwnedSeq[]) => {
        try {
          const receiptNos = await this.donations.receiptNosOf(seqs.map((s) => s.ownerId));
          await Promise.all(receiptNos.map((r) => this.waits.announce(r)));
        } catch {
          // Waiting pages re-read on their own within seconds: a lost wake-up only slows them.
        }
      },
    });
    this.owners.register({
      kind: MATCH_OWNER,
      integrated: (tx, seqs) => this.donations.setLedgerSeqs(tx, 'donation_match.ledger_seq', seqs),
    });
    this.owners.register({
      kind: UNMATCH_OWNER,
      integrated: (tx, seqs) => this.donations.setLedgerSeqs(tx, 'donation_match.unmatch_ledger_seq', seqs),
    });
  }
}
