import { AppConfig } from '@shanchou/core';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TokenSigner } from './token';

/**
 * AUTH_TOKEN_SECRET when set (production requires it); otherwise a secret generated once and
 * kept under DATA_DIR, so development sessions survive restarts.
 */
function authSecret(config: AppConfig): string {
  if (config.authTokenSecret) return config.authTokenSecret;
  const file = path.join(config.dataDir, 'auth-token-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function tokenSignerFor(config: AppConfig): TokenSigner {
  return new TokenSigner(authSecret(config));
}

/**
 * A key for another signed artefact (an event's check-in code, say), derived from the auth secret
 * with its purpose as the label: one secret to keep, and no token of one kind passes as another.
 */
export function derivedSecret(config: AppConfig, purpose: string): Buffer {
  return createHmac('sha256', authSecret(config)).update(`shanchou/${purpose}`).digest();
}
