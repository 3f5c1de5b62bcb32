export * from './rfc9162';
export * from './verify-ledger';
