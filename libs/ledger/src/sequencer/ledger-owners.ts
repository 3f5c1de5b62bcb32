import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An integrated entry, as its owner hears of it. */
export interface OwnedSeq {
  ownerId: string;
  seq: number;
}

/**
 * A record that keeps the seq of its ledger entry (a donation, a match, a goods item). The ledger
 * cannot write other modules' tables, so each module registers one of these for its records.
 */
export interface LedgerOwner {
  /** Names the records it keeps, as `NewLedgerEntry.owner.kind` does: 'donation', 'goods-item'. */
  readonly kind: string;
  /** Writes the seqs, inside the sequencer's transaction: one statement for the whole batch. */
  integrated(tx: EntityManager, seqs: OwnedSeq[]): Promise<void>;
  /** After that transaction commits (wake-ups): must not throw. */
  announce?(seqs: OwnedSeq[]): Promise<void>;
}

/** The owners, by kind. Modules register theirs when they start. */
@Injectable()
export class LedgerOwners {
  private readonly owners = new Map<string, LedgerOwner>();

  register(owner: LedgerOwner): void {
    if (this.owners.has(owner.kind)) throw new Error(`ledger owner ${owner.kind} is registered twice`);
    this.owners.set(owner.kind, owner);
  }

  get(kind: string): LedgerOwner | undefined {
    return this.owners.get(kind);
  }
}
