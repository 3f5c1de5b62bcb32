import { Injectable } from '@nestjs/common';
import { InputError, Transactions } from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { LedgerKind, LedgerSequencer, LedgerService, QueuedLedgerEntry } from '@shanchou/ledger';
import { CampaignStatus } from './campaign-kind';
import { CampaignService } from './campaign.service';
import { EntityManager } from 'typeorm';

export interface NewAllocation {
  fromCampaignId: string;
  toCampaignId: string;
  amountFen: number;
  memo: string;
}

/** A movement's entries, by their seq in the public ledger (null: still queued). */
export interface FundsMovement {
  seqs: (number | null)[];
}

/** How long a staff movement waits for its entries to be integrated before answering without seqs. */
const INTEGRATION_WAIT_MS = 2_000;

/** 报账: money paid out of a campaign for a fund request that passed its gates (@shanchou/funds). */
export interface NewDisbursement {
  campaignId: string;
  amountFen: number;
  /** The payee as the public ledger shows it: a household's or a person's name already masked (张*). */
  payeeShown: string;
  /** What the money is for, as the public reads it: the request's code and title. */
  purpose: string;
  voucherNo: string;
  /** The record that keeps the entry's seq (LedgerOwners): the fund request. */
  owner?: { kind: string; id: string };
}

/**
 * 拨付与支出: money moved between campaigns (ALLOCATION) and paid out (DISBURSEMENT, only as the
 * 报账 gate of a fund request). Both are ledger entries; the ledger refuses any that would take a
 * campaign's balance below zero, under that campaign's debit lock, so two recorded at the same
 * moment cannot overdraw together.
 */
@Injectable()
export class FundsService {
  constructor(
    private readonly campaigns: CampaignService,
    private readonly ledger: LedgerService,
    private readonly sequencer: LedgerSequencer,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async allocate(actor: StaffPrincipal, input: NewAllocation): Promise<FundsMovement> {
    this.assertAmount(input.amountFen);
    if (input.fromCampaignId === input.toCampaignId)
      throw new InputError('input.toCampaignId', '调入项目不能与调出项目相同');
    if (!input.memo.trim()) throw new InputError('input.memo', '请写明这笔钱的用途');
    const from = await this.campaigns.requireById(input.fromCampaignId, 'input.fromCampaignId');
    const to = await this.campaigns.requireById(input.toCampaignId, 'input.toCampaignId');
    if (to.status === CampaignStatus.CLOSED)
      throw new InputError('input.toCampaignId', `项目「${to.title}」已结束，不能再调入资金`);
    const entries = await this.transactions.run(async (tx) => {
      await this.audit.record(tx, actor, {
        action: 'funds.allocate',
        targetType: 'campaign',
        targetId: from.id,
        regionId: from.regionId ?? actor.regionId,
        input: { ...input },
      });
      const out = await this.ledger.append(tx, {
        kind: LedgerKind.ALLOCATION,
        amountFen: -input.amountFen,
        campaignId: from.id,
        memo: `拨付至 ${to.title}: ${input.memo}`,
      });
      const into = await this.ledger.append(tx, {
        kind: LedgerKind.ALLOCATION,
        amountFen: input.amountFen,
        campaignId: to.id,
        memo: `来自 ${from.title}: ${input.memo}`,
      });
      return [out, into];
    });
    return this.integrated(entries);
  }

  /**
   * DISBURSEMENT, inside the caller's transaction: the 报账 gate of a fund request is the only
   * way money leaves a campaign (the ungated recordDisbursement is gone). The ledger refuses it
   * with CONFLICT under the campaign's debit lock when it would overdraw; call it last in the
   * transaction, as that lock is the hot row. The caller audits its own gate.
   */
  async disburseWithin(tx: EntityManager, input: NewDisbursement): Promise<QueuedLedgerEntry> {
    this.assertAmount(input.amountFen);
    return this.ledger.append(tx, {
      kind: LedgerKind.DISBURSEMENT,
      amountFen: -input.amountFen,
      campaignId: input.campaignId,
      memo: `${input.purpose}; 收款方 ${input.payeeShown}; 凭证 ${input.voucherNo}`,
      owner: input.owner ?? null,
    });
  }

  /**
   * Staff record a movement to see it in the public ledger: integrate now rather than in the next
   * batch (a second is long for a person at a desk), and answer whatever is integrated by then.
   */
  async integrated(entries: QueuedLedgerEntry[]): Promise<FundsMovement> {
    await this.sequencer.integrateAll(INTEGRATION_WAIT_MS);
    const seqs = await this.ledger.seqsOf(entries.map((e) => e.pendingId));
    return { seqs: entries.map((e) => seqs.get(e.pendingId) ?? null) };
  }

  private assertAmount(amountFen: number): void {
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
      throw new InputError('input.amountFen', '金额须为大于 0 的整数（单位：分）');
  }
}
