import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { maskDonor } from './canonical';
import { LEDGER_KIND_LABELS, LedgerKind, MONEY_KINDS } from './ledger-kind';
import { LedgerEntryInvalidError, OverdrawError } from './ledger.errors';
import { KindTotal, LedgerRepository } from './ledger.repository';
import { LedgerEntryEntity } from './ledger.entities';

export type { KindTotal } from './ledger.repository';

/** Signs the latest tree head: the sequencer signs after each batch; kept for jobs already queued. */
export const SIGN_TREE_HEAD_JOB = 'sign-tree-head';

export interface NewLedgerEntry {
  kind: LedgerKind;
  /** Signed fen: DONATION > 0; REFUND and DISBURSEMENT < 0; ALLOCATION either way. */
  amountFen?: number | null;
  /** Goods: how many units moved (> 0). */
  quantity?: number | null;
  campaignId?: string | null;
  /** The donor's real name, masked before it is written; anonymous gives 爱心人士. */
  donor?: { name: string | null; anonymous: boolean } | null;
  memo?: string | null;
  /** The record that keeps this entry's seq, told when it is integrated (see LedgerOwners). */
  owner?: { kind: string; id: string } | null;
}

/**
 * Entries that record money already gone back to a donor (and its match with it): they stand
 * even when the campaign has spent the money since, so the ledger tells what happened.
 */
const FOLLOWS_A_REFUND: ReadonlySet<LedgerKind> = new Set([LedgerKind.REFUND, LedgerKind.UNMATCH]);

/** The sign each money kind's amount must have. */
const SIGN: Partial<Record<LedgerKind, 1 | -1>> = {
  [LedgerKind.DONATION]: 1,
  [LedgerKind.REFUND]: -1,
  [LedgerKind.MATCH]: 1,
  [LedgerKind.UNMATCH]: -1,
  [LedgerKind.DISBURSEMENT]: -1,
};

/** An entry in the queue: its seq comes when the sequencer integrates it (within the merge delay). */
export interface QueuedLedgerEntry {
  /** Its place in the queue; `LedgerService.seqsOf` answers its seq once integrated. */
  pendingId: string;
  kind: LedgerKind;
  amountFen: number | null;
  campaignId: string | null;
}

/**
 * The one way into the public ledger (账本). Other libraries call `append` inside their own
 * transaction: it queues the entry, with no lock on anything shared, and the sequencer gives it
 * its seq within the merge delay. A debit (money out of a campaign) locks that campaign's row
 * first, so two debits of the same campaign are judged one after the other.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly repo: LedgerRepository) {}

  async append(tx: EntityManager, input: NewLedgerEntry): Promise<QueuedLedgerEntry> {
    const { amountFen, quantity } = this.validate(input);
    if (amountFen !== null && amountFen < 0 && input.campaignId && !FOLLOWS_A_REFUND.has(input.kind)) {
      // Credits only raise the balance, so one they race with can only make this check stricter.
      await this.repo.lockForDebit(tx, input.campaignId);
      const balance = await this.repo.balance(tx, input.campaignId);
      if (balance + amountFen < 0) throw new OverdrawError(input.campaignId, balance, amountFen);
    }
    const pendingId = await this.repo.queue(tx, {
      kind: input.kind,
      amountFen: amountFen === null ? null : String(amountFen),
      quantity,
      campaignId: input.campaignId ?? null,
      donor: input.donor ? maskDonor(input.donor.name, input.donor.anonymous) : null,
      memo: input.memo?.trim() || null,
      occurredAt: new Date(),
      owner: input.owner?.kind ?? null,
      ownerId: input.owner?.id ?? null,
    });
    return { pendingId, kind: input.kind, amountFen, campaignId: input.campaignId ?? null };
  }

  /** The seqs of queued entries that have been integrated since (the others are still queued). */
  /** The integrated entries in seq order, a batch at a time (keyset on seq), for exports. */
  async *entriesInBatches(
    filter: { campaignId?: string; from?: Date; to?: Date },
    batch = 1000,
  ): AsyncGenerator<LedgerEntryEntity[]> {
    let after = -1;
    for (;;) {
      const rows = await this.repo.page(filter, after, batch);
      if (rows.length === 0) return;
      yield rows;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  seqsOf(pendingIds: string[]): Promise<Map<string, number>> {
    return this.repo.seqsOf(pendingIds);
  }

  /** How many entries wait for the sequencer, and when the oldest was written. */
  queued(): Promise<{ entries: number; oldest: Date | null }> {
    return this.repo.queued();
  }

  /**
   * Totals per kind, for other libraries to reconcile their own books against the ledger: queued
   * entries count, as the movements that wrote them have committed.
   */
  totals(filter: { campaignId?: string } = {}, tx?: EntityManager): Promise<KindTotal[]> {
    return this.repo.totalsByKind(filter, tx);
  }

  /** A campaign's balance: the sum of its entries, queued ones included. */
  balance(tx: EntityManager, campaignId: string): Promise<number> {
    return this.repo.balance(tx, campaignId);
  }

  private validate(input: NewLedgerEntry): { amountFen: number | null; quantity: number | null } {
    const amountFen = input.amountFen ?? null;
    const quantity = input.quantity ?? null;
    const kind = LEDGER_KIND_LABELS[input.kind];
    if (MONEY_KINDS.has(input.kind)) {
      if (amountFen === null || !Number.isSafeInteger(amountFen) || amountFen === 0) {
        throw new LedgerEntryInvalidError('amountFen', `${kind}的金额须为不等于 0 的整数（单位：分）`);
      }
      const sign = SIGN[input.kind];
      if (sign && Math.sign(amountFen) !== sign) {
        throw new LedgerEntryInvalidError('amountFen', `${kind}的金额须为${sign > 0 ? '正数' : '负数'}`);
      }
      if (!input.campaignId) throw new LedgerEntryInvalidError('campaignId', `${kind}须记在某个项目下`);
      if (quantity !== null) throw new LedgerEntryInvalidError('quantity', `${kind}记的是钱款，不能填物资数量`);
    } else {
      if (quantity === null || !Number.isSafeInteger(quantity) || quantity <= 0) {
        throw new LedgerEntryInvalidError('quantity', `${kind}的物资数量须为大于 0 的整数`);
      }
      if (amountFen !== null) throw new LedgerEntryInvalidError('amountFen', `${kind}记的是物资，不能填金额`);
    }
    if (input.owner && (!input.owner.kind || input.owner.kind.length > 32))
      throw new LedgerEntryInvalidError('owner', '关联记录的类型须为 1 到 32 个字符');
    if (input.memo && input.memo.length > 500) throw new LedgerEntryInvalidError('memo', '备注最多 500 个字');
    return { amountFen, quantity };
  }
}
