import { clearSession, sessionToken, type Audience } from '../session';

/** What went wrong, for the person holding the phone: what happened and what to do. */
export class ApiError extends Error {
  constructor(
    /** The server's extensions.code, or NETWORK, RATE_LIMITED, SERVER. */
    readonly code: string,
    message: string,
    /** The server's own words (English), kept for a support call. */
    readonly detail?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

const MESSAGES: Record<string, string> = {
  NETWORK: '网络连接失败，请检查网络后重试。',
  RATE_LIMITED: '操作太频繁了，请稍等一分钟再试。',
  SERVER: '服务器暂时出了问题，请稍后再试；如果一直这样，请联系区众筹管理中心。',
  UNAUTHENTICATED: '登录已过期，请重新登录。',
  FORBIDDEN: '您没有权限做这件事；如需开通，请联系上级管理员。',
  NOT_FOUND: '没有找到您要的记录，请检查编号是否正确。',
  INVALID_TRANSITION: '当前状态下不能这样操作，请刷新页面查看最新状态。',
  CONFLICT: '这条记录已经存在或刚被别人改过，请刷新后再试。',
  BAD_USER_INPUT: '填写的内容有误，请检查后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍等片刻再试。',
  INTERNAL_SERVER_ERROR: '服务器暂时出了问题，请稍后再试；如果一直这样，请联系区众筹管理中心。',
};

export function messageFor(code: string): string {
  return MESSAGES[code] ?? MESSAGES.SERVER;
}

/** Listeners told when a token was refused, so the page can send its holder to sign in again. */
const expiredListeners = new Set<(audience: Audience) => void>();
export function onSessionExpired(listener: (audience: Audience) => void): () => void {
  expiredListeners.add(listener);
  return () => void expiredListeners.delete(listener);
}

export interface GqlOptions {
  /** Whose token goes with the request: none, the donor's (WeChat) or the staff member's. */
  as?: Audience;
  signal?: AbortSignal;
}

/** One GraphQL operation against /graphql; throws ApiError with a message in Chinese. */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  { as = 'public', signal }: GqlOptions = {},
): Promise<T> {
  const token = as === 'public' ? null : sessionToken(as);
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError('NETWORK', messageFor('NETWORK'));
  }
  if (res.status === 429) throw new ApiError('RATE_LIMITED', messageFor('RATE_LIMITED'));
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ApiError('SERVER', messageFor('SERVER'), `HTTP ${res.status}`);
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = first.extensions?.code ?? 'SERVER';
    if (code === 'UNAUTHENTICATED' && as !== 'public') {
      clearSession(as);
      for (const listener of expiredListeners) listener(as);
    }
    throw new ApiError(code, messageFor(code), first.message, first.extensions?.field);
  }
  if (!body.data) throw new ApiError('SERVER', messageFor('SERVER'), `HTTP ${res.status}`);
  return body.data;
}

/** The message to show for anything a page caught. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return messageFor('SERVER');
}
