import { reactive } from 'vue';

/**
 * Who a request goes as: nobody (public pages), the donor signed in through WeChat (donors and
 * volunteers), or a staff member. A phone may hold both sessions; each page says which it uses.
 */
export type Audience = 'public' | 'donor' | 'staff';
export type SignedAudience = Exclude<Audience, 'public'>;

export interface StoredSession {
  token: string;
  /** ISO-8601; the session is dropped once past it. */
  expiresAt: string;
  /** What the page shows: the staff member's name, or nothing for a donor. */
  displayName?: string;
  role?: string;
  regionName?: string;
  regionCode?: string;
}

const KEY: Record<SignedAudience, string> = { donor: 'shanchou.donor', staff: 'shanchou.staff' };

function read(audience: SignedAudience): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY[audience]);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    if (!parsed.token || !(Date.parse(parsed.expiresAt) > Date.now())) {
      localStorage.removeItem(KEY[audience]);
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

/** Reactive, so the pages redraw when someone signs in or out. */
export const sessions = reactive<Record<SignedAudience, StoredSession | null>>({
  donor: read('donor'),
  staff: read('staff'),
});

export function sessionToken(audience: SignedAudience): string | null {
  const current = sessions[audience];
  if (current && !(Date.parse(current.expiresAt) > Date.now())) {
    clearSession(audience);
    return null;
  }
  return current?.token ?? null;
}

export function saveSession(audience: SignedAudience, session: StoredSession): void {
  sessions[audience] = session;
  try {
    localStorage.setItem(KEY[audience], JSON.stringify(session));
  } catch {
    // Private browsing without storage: the session lasts as long as the page.
  }
}

export function clearSession(audience: SignedAudience): void {
  sessions[audience] = null;
  try {
    localStorage.removeItem(KEY[audience]);
  } catch {
    // Nothing stored.
  }
}

export function isSignedIn(audience: SignedAudience): boolean {
  return sessionToken(audience) !== null;
}
