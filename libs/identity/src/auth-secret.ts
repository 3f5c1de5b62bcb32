import { AppConfig } from '@shanchou/core';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TokenSigner } from './token';

/**
 * AUTH_TOKEN_SECRET when set (production requires it); otherwise a secret generated once and
 * kept under DATA_DIR, so development sessions survive restarts.
 */
export function tokenSignerFor(config: AppConfig): TokenSigner {
  if (config.authTokenSecret) return new TokenSigner(config.authTokenSecret);
  const file = path.join(config.dataDir, 'auth-token-secret');
  try {
    return new TokenSigner(readFileSync(file, 'utf8').trim());
  } catch {
    const secret = randomBytes(32).toString('base64url');
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return new TokenSigner(secret);
  }
}
