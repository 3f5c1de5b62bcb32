import { randomBytes } from 'node:crypto';

export interface IssuedCode {
  openid: string;
  scope: string;
  issuedAt: number;
  used: boolean;
}

/** WeChat's rules for web-page authorisation codes: usable once, for five minutes. */
export const CODE_TTL_MS = 5 * 60_000;

export type CodeOutcome = { ok: true; code: IssuedCode } | { ok: false; errcode: 40029 | 40163; errmsg: string };

export class OAuthCodes {
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly ttlMs = CODE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(openid: string, scope: string): string {
    this.sweep();
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { openid, scope, issuedAt: this.now(), used: false });
    return code;
  }

  redeem(code: string): CodeOutcome {
    const issued = this.codes.get(code);
    if (!issued || this.now() - issued.issuedAt > this.ttlMs)
      return { ok: false, errcode: 40029, errmsg: 'invalid code' };
    if (issued.used) return { ok: false, errcode: 40163, errmsg: 'code been used' };
    issued.used = true;
    return { ok: true, code: issued };
  }

  private sweep(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [code, issued] of this.codes) if (issued.issuedAt < cutoff) this.codes.delete(code);
  }
}
