import { createHash, createPublicKey, KeyObject } from 'node:crypto';

/**
 * A ledger key's id: lowercase hex SHA-256 of its public key's SPKI DER, as a certificate-
 * transparency log ID (RFC 6962 §3.2). Anyone holding the public key can recompute it, so a
 * server cannot name one key and serve another.
 */
export function ledgerKeyId(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
