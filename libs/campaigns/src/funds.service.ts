import { Injectable } from '@nestjs/common';
import { InputError, Transactions } from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { LedgerKind, LedgerSequencer, LedgerService, QueuedLedgerEntry } from '@shanchou/ledger';
import { CampaignStatus } from './campaign-kind';
import { CampaignService } from './campaign.service';

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

export interface NewDisbursement {
  campaignId: string;
  amountFen: number;
  payee: string;
  purpose: string;
  voucherNo: string;
}

/**
 * 拨付与支出: money moved between campaigns (ALLOCATION) and paid out (DISBURSEMENT). Both are
 * ledger entries; the ledger refuses any that would take a campaign's balance below zero, under
 * that campaign's debit lock, so two recorded at the same moment cannot overdraw together.
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
      throw new InputError('input.toCampaignId', 'must differ from fromCampaignId');
    if (!input.memo.trim()) throw new InputError('input.memo', 'must say what the money is for');
    const from = await this.campaigns.requireById(input.fromCampaignId, 'input.fromCampaignId');
    const to = await this.campaigns.requireById(input.toCampaignId, 'input.toCampaignId');
    if (to.status === CampaignStatus.CLOSED)
      throw new InputError('input.toCampaignId', `campaign ${to.slug} is closed`);
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

  async disburse(actor: StaffPrincipal, input: NewDisbursement): Promise<FundsMovement> {
    this.assertAmount(input.amountFen);
    for (const field of ['payee', 'purpose', 'voucherNo'] as const) {
      if (!input[field].trim()) throw new InputError(`input.${field}`, 'must not be empty');
    }
    const campaign = await this.campaigns.requireById(input.campaignId, 'input.campaignId');
    const entry = await this.transactions.run(async (tx) => {
      await this.audit.record(tx, actor, {
        action: 'funds.disburse',
        targetType: 'campaign',
        targetId: campaign.id,
        regionId: campaign.regionId ?? actor.regionId,
        input: { ...input },
      });
      return this.ledger.append(tx, {
        kind: LedgerKind.DISBURSEMENT,
        amountFen: -input.amountFen,
        campaignId: campaign.id,
        memo: `${input.purpose}; 收款方 ${input.payee}; 凭证 ${input.voucherNo}`,
      });
    });
    return this.integrated([entry]);
  }

  /**
   * Staff record a movement to see it in the public ledger: integrate now rather than in the next
   * batch (a second is long for a person at a desk), and answer whatever is integrated by then.
   */
  private async integrated(entries: QueuedLedgerEntry[]): Promise<FundsMovement> {
    await this.sequencer.integrateAll(INTEGRATION_WAIT_MS);
    const seqs = await this.ledger.seqsOf(entries.map((e) => e.pendingId));
    return { seqs: entries.map((e) => seqs.get(e.pendingId) ?? null) };
  }

  private assertAmount(amountFen: number): void {
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
      throw new InputError('input.amountFen', 'must be a whole number of fen above zero');
  }
}
