import { randomBytes } from 'node:crypto';

/** A template message as the stand-in received it. */
export interface SimTemplateMessage {
  msgid: number;
  touser: string;
  templateId: string;
  url?: string;
  clientMsgId?: string;
  data: Record<string, { value: string }>;
  receivedAt: string;
}

/** Openids the stand-in treats as users who unfollowed the account (errcode 43004). */
export const SIM_UNFOLLOWED_OPENID = /^oUnfollowed/;

/** The stand-in's memory of access tokens and template messages (development and tests only). */
export class TemplateMessageSimStore {
  readonly messages: SimTemplateMessage[] = [];
  private readonly tokens = new Map<string, number>();
  private current?: { token: string; expiresAt: number };
  private nextMsgId = 2_000_000_000;

  /** The stable token: the same until it expires or a refresh is forced (the old one then lives on briefly). */
  stableToken(forceRefresh: boolean, now = Date.now()): { token: string; expiresIn: number } {
    if (forceRefresh || !this.current || this.current.expiresAt <= now) {
      this.current = { token: randomBytes(24).toString('base64url'), expiresAt: now + 7200_000 };
      this.tokens.set(this.current.token, this.current.expiresAt);
    }
    return { token: this.current.token, expiresIn: Math.floor((this.current.expiresAt - now) / 1000) };
  }

  tokenValid(token: string, now = Date.now()): boolean {
    return (this.tokens.get(token) ?? 0) > now;
  }

  /** Every token stops working, as when WeChat revokes them: callers must fetch a new one. */
  expireTokens(): void {
    this.tokens.clear();
    this.current = undefined;
  }

  newMsgId(): number {
    return this.nextMsgId++;
  }
}
