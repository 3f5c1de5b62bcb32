import { AppConfig } from '@shanchou/core';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ledgerKeyId } from './key-id';

/** The Ed25519 key that signs tree heads; its public half is published (SPKI PEM) under its keyId. */
export class LedgerSigningKey {
  readonly publicKeyPem: string;
  /** ledgerKeyId of the public half: every head this key signs names it. */
  readonly keyId: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ledger signing key must be Ed25519');
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.keyId = ledgerKeyId(publicKey);
  }

  /** A new Ed25519 key as PKCS#8 PEM (npm run ledger:key -- new). */
  static generatePem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  /** base64 Ed25519 signature over the UTF-8 text. */
  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64');
  }

  verify(text: string, signature: string): boolean {
    return verify(null, Buffer.from(text, 'utf8'), createPublicKey(this.privateKey), Buffer.from(signature, 'base64'));
  }

  /** LEDGER_SIGNING_KEY_PATH, or (development) a key generated once under DATA_DIR. */
  static load(config: AppConfig): LedgerSigningKey {
    const file = config.ledgerSigningKeyPath ?? path.join(config.dataDir, 'ledger-signing-key.pem');
    try {
      return new LedgerSigningKey(createPrivateKey(readFileSync(file)));
    } catch (err) {
      if (config.ledgerSigningKeyPath || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      return new LedgerSigningKey(privateKey);
    } catch {
      // Another process wrote it first: use theirs.
      return new LedgerSigningKey(createPrivateKey(readFileSync(file)));
    }
  }
}
