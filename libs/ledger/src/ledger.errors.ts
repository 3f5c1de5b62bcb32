import { ConflictError, InputError } from '@shanchou/core';

export class LedgerEntryInvalidError extends InputError {}

export class OverdrawError extends ConflictError {
  constructor(
    readonly campaignId: string,
    /** What the campaign holds, integrated and queued entries together. */
    readonly balanceFen: number,
    /** The debit refused (negative). */
    readonly amountFen: number,
  ) {
    super(`Campaign ${campaignId} holds ${balanceFen} fen: it cannot pay out ${-amountFen} fen`);
  }
}
