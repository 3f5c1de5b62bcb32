import { ConflictError, InputError } from '@shanchou/core';

export class LedgerEntryInvalidError extends InputError {}

export class OverdrawError extends ConflictError {
  constructor(campaignId: string, balanceFen: number, amountFen: number) {
    super(`Campaign ${campaignId} holds ${balanceFen} fen: it cannot pay out ${-amountFen} fen`);
  }
}
