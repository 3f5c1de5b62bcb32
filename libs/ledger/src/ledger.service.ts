import { Injectable } from '@nestjs/common';
import { OutboxService, QueueName } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { canonicalJson, maskDonor } from './canonical';
import { LedgerKind, MONEY_KINDS } from './ledger-kind';
import { LedgerEntryInvalidError, OverdrawError } from './ledger.errors';
import { LedgerEntryEntity } from './ledger.entities';
import { KindTotal, LedgerRepository } from './ledger.repository';
import { completedBy, leafHash, leftSiblingsOf, nodeId } from './merkle/rfc6962';

export type { KindTotal } from './ledger.repository';

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

/**
 * The one way into the public ledger (账本). Other libraries call `append` inside their own
 * transaction, last: it takes the counter row's lock, which serialises appends and makes seq
 * gapless, and holds it only until that transaction commits.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly outbox: OutboxService,
  ) {}

  async append(tx: EntityManager, input: NewLedgerEntry): Promise<LedgerEntryEntity> {
    const { amountFen, quantity } = this.validate(input);
    const seq = await this.repo.nextSeq(tx);
    if (amountFen !== null && amountFen < 0 && input.campaignId && !FOLLOWS_A_REFUND.has(input.kind)) {
      // Under the counter's lock no other append can change the balance meanwhile.
      const balance = await this.repo.balance(tx, input.campaignId);
      if (balance + amountFen < 0) throw new OverdrawError(input.campaignId, balance, amountFen);
    }
    const occurredAt = new Date();
    const publicFields = {
      seq,
      kind: input.kind,
      amountFen,
      quantity,
      campaignId: input.campaignId ?? null,
      donor: input.donor ? maskDonor(input.donor.name, input.donor.anonymous) : null,
      memo: input.memo?.trim() || null,
      occurredAt: occurredAt.toISOString(),
    };
    const canonical = canonicalJson(publicFields);
    const leaf = leafHash(canonical);
    const siblings = await this.repo.nodes(leftSiblingsOf(seq), tx);
    await this.repo.insertNodes(
      tx,
      completedBy(seq, leaf, (key) => {
        const hash = siblings.get(nodeId(key));
        if (!hash) throw new Error(`ledger node ${nodeId(key)} is missing`);
        return hash;
      }),
    );
    const entry = Object.assign(new LedgerEntryEntity(), {
      ...publicFields,
      seq: String(seq),
      amountFen: amountFen === null ? null : String(amountFen),
      occurredAt,
      canonical,
      leafHash: leaf.toString('hex'),
    });
    await this.repo.insertEntry(tx, entry);
    // One head per second at most: every append of a second shares the job signing after it.
    const now = Date.now();
    await this.outbox.add(tx, {
      queue: QueueName.LEDGER,
      jobName: SIGN_TREE_HEAD_JOB,
      payload: {},
      jobKey: `${SIGN_TREE_HEAD_JOB}.${Math.floor(now / 1000)}`,
      delayMs: 1000 - (now % 1000) + 50,
    });
    return entry;
  }

  /** Totals per kind, for other libraries to reconcile their own books against the ledger. */
  totals(filter: { campaignId?: string } = {}, tx?: EntityManager): Promise<KindTotal[]> {
    return this.repo.totalsByKind(filter, tx);
  }

  /** A campaign's balance: the sum of its entries. */
  balance(tx: EntityManager, campaignId: string): Promise<number> {
    return this.repo.balance(tx, campaignId);
  }

  private validate(input: NewLedgerEntry): { amountFen: number | null; quantity: number | null } {
    const amountFen = input.amountFen ?? null;
    const quantity = input.quantity ?? null;
    if (MONEY_KINDS.has(input.kind)) {
      if (amountFen === null || !Number.isSafeInteger(amountFen) || amountFen === 0) {
        throw new LedgerEntryInvalidError('amountFen', `a ${input.kind} needs a whole, non-zero amount in fen`);
      }
      const sign = SIGN[input.kind];
      if (sign && Math.sign(amountFen) !== sign) {
        throw new LedgerEntryInvalidError(
          'amountFen',
          `a ${input.kind} amount must be ${sign > 0 ? 'positive' : 'negative'}`,
        );
      }
      if (!input.campaignId) throw new LedgerEntryInvalidError('campaignId', `a ${input.kind} belongs to a campaign`);
      if (quantity !== null) throw new LedgerEntryInvalidError('quantity', `a ${input.kind} moves money, not goods`);
    } else {
      if (quantity === null || !Number.isSafeInteger(quantity) || quantity <= 0) {
        throw new LedgerEntryInvalidError('quantity', `a ${input.kind} needs a whole number of units above zero`);
      }
      if (amountFen !== null) throw new LedgerEntryInvalidError('amountFen', `a ${input.kind} moves goods, not money`);
    }
    if (input.memo && input.memo.length > 500)
      throw new LedgerEntryInvalidError('memo', 'is longer than 500 characters');
    return { amountFen, quantity };
  }
}
