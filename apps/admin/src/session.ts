import { computed, reactive } from 'vue';

export type Role = 'DISTRICT_ADMIN' | 'AUDITOR' | 'TOWN_OPERATOR' | 'VILLAGE_OPERATOR';

export const ROLE_NAMES: Record<Role, string> = {
  DISTRICT_ADMIN: '区管理员',
  AUDITOR: '审计员',
  TOWN_OPERATOR: '镇街操作员',
  VILLAGE_OPERATOR: '村居操作员',
};

/** The signed-in staff member, as the console keeps it between page loads. */
export interface ConsoleSession {
  token: string;
  /** ISO-8601; the session is dropped once past it. */
  expiresAt: string;
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string;
}

const KEY = 'shanchou.console';

function read(): ConsoleSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as ConsoleSession;
    if (!parsed.token || !(Date.parse(parsed.expiresAt) > Date.now())) {
      localStorage.removeItem(KEY);
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

export const session = reactive<{ current: ConsoleSession | null }>({ current: read() });

export function sessionToken(): string | null {
  const current = session.current;
  if (current && !(Date.parse(current.expiresAt) > Date.now())) {
    clearSession();
    return null;
  }
  return current?.token ?? null;
}

export function saveSession(value: ConsoleSession): void {
  session.current = value;
  try {
    localStorage.setItem(KEY, JSON.stringify(value));
  } catch {
    // No storage (private browsing): the session lasts as long as the page.
  }
}

export function clearSession(): void {
  session.current = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

/** The role of the signed-in member; null when signed out. */
export const currentRole = computed<Role | null>(() => session.current?.role ?? null);

/**
 * Whether the member may change district-wide records (campaigns, staff, refunds, jobs): only a
 * DISTRICT_ADMIN. An AUDITOR sees every page with no write buttons; the server refuses anyway.
 */
export const canWrite = computed(() => currentRole.value === 'DISTRICT_ADMIN');
