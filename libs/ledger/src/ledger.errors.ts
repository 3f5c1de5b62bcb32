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
    super(`项目 ${campaignId} 余额只有 ${balanceFen} 分，不够支出 ${-amountFen} 分`);
  }
}
