import { registerEnumType } from '@nestjs/graphql';

/** How a day's reconciliation (对账) ended. */
export enum ReconciliationStatus {
  /** Every trade matches. */
  BALANCED = 'BALANCED',
  /** The bill was read; some trades differ (listed). */
  DIFFERENCES = 'DIFFERENCES',
  /** The bill could not be had or trusted (reason given); nothing was compared. */
  FAILED = 'FAILED',
}

/** How one trade differs between our records and WeChat Pay's bill. */
export enum ReconciliationDifferenceKind {
  /** We have it; the bill does not. */
  MISSING_AT_WECHAT = 'MISSING_AT_WECHAT',
  /** The bill has it; we do not (not on that day). */
  MISSING_HERE = 'MISSING_HERE',
  AMOUNT_MISMATCH = 'AMOUNT_MISMATCH',
  /** Both know the order but disagree on what happened to it (the bill says refunded, we say PAID). */
  STATUS_MISMATCH = 'STATUS_MISMATCH',
}

registerEnumType(ReconciliationStatus, {
  name: 'ReconciliationStatus',
  valuesMap: {
    BALANCED: { description: 'Every trade matches' },
    DIFFERENCES: { description: 'The bill was read; the differences are listed' },
    FAILED: { description: 'The bill could not be had or trusted (see reason); nothing was compared' },
  },
});
registerEnumType(ReconciliationDifferenceKind, {
  name: 'ReconciliationDifferenceKind',
  valuesMap: {
    MISSING_AT_WECHAT: { description: 'We have it; the bill does not' },
    MISSING_HERE: { description: 'The bill has it; we do not, not on that day' },
    AMOUNT_MISMATCH: { description: 'Both have it, with different amounts' },
    STATUS_MISMATCH: { description: 'Both know the order but not the same outcome (refunded there, PAID here)' },
  },
});
