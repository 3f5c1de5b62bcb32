import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a session token carries; the session row has the rest. */
export interface TokenClaims {
  /** The session id. */
  sid: string;
  kind: 'staff' | 'donor';
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/**
 * Compact signed tokens: base64url(JSON claims) "." base64url(HMAC-SHA256). Only the signature
 * makes a token believable; the session row decides whether it still counts.
 */
export class TokenSigner {
  constructor(private readonly secret: string) {}

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a well-signed, unexpired token; null for anything else. */
  verify(token: string, nowSeconds: number): TokenClaims | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!isClaims(claims) || claims.exp <= nowSeconds) return null;
    return claims;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sid === 'string' && (v.kind === 'staff' || v.kind === 'donor') && typeof v.exp === 'number';
}
