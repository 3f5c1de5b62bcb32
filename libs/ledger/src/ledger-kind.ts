import { registerEnumType } from '@nestjs/graphql';

export enum LedgerKind {
  /** A gift received (amount > 0). */
  DONATION = 'DONATION',
  /** A gift returned (amount < 0). */
  REFUND = 'REFUND',
  /** A sponsor's 1:1 match of a gift, from a matching pool (配捐) named in the memo (amount > 0). */
  MATCH = 'MATCH',
  /** A match given back to its pool when the gift was refunded (amount < 0). */
  UNMATCH = 'UNMATCH',
  /** Money moved between campaigns: out of one (< 0), into another (> 0). */
  ALLOCATION = 'ALLOCATION',
  /** Money paid out for the campaign's purpose (amount < 0). */
  DISBURSEMENT = 'DISBURSEMENT',
  /** Donated goods registered (quantity > 0). */
  GOODS_IN = 'GOODS_IN',
  /** Donated goods handed to a household (quantity > 0). */
  GOODS_OUT = 'GOODS_OUT',
  /** Donated goods refused as unusable at registration, or found spoiled or short at a stock-take (quantity > 0). */
  GOODS_WRITE_OFF = 'GOODS_WRITE_OFF',
}

registerEnumType(LedgerKind, { name: 'LedgerKind' });

/** Each kind as the ledger's readers call it (the CSV's 类型 column, messages). */
export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = {
  [LedgerKind.DONATION]: '捐赠',
  [LedgerKind.REFUND]: '退款',
  [LedgerKind.MATCH]: '配捐',
  [LedgerKind.UNMATCH]: '配捐退回',
  [LedgerKind.ALLOCATION]: '调拨',
  [LedgerKind.DISBURSEMENT]: '拨付',
  [LedgerKind.GOODS_IN]: '物资入库',
  [LedgerKind.GOODS_OUT]: '物资发放',
  [LedgerKind.GOODS_WRITE_OFF]: '物资核销',
};

export const MONEY_KINDS: ReadonlySet<LedgerKind> = new Set([
  LedgerKind.DONATION,
  LedgerKind.REFUND,
  LedgerKind.MATCH,
  LedgerKind.UNMATCH,
  LedgerKind.ALLOCATION,
  LedgerKind.DISBURSEMENT,
]);
