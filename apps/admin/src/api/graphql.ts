import { clearSession, sessionToken } from '../session';

/** What went wrong, in Chinese for the member at the desk; the server's own words kept in `detail`. */
export class ApiError extends Error {
  constructor(
    /** The server's extensions.code, or NETWORK, RATE_LIMITED, SERVER. */
    readonly code: string,
    message: string,
    /** The server's message as sent. */
    readonly detail?: string,
    /** The input field at fault (extensions.field), e.g. `input.goalFen`. */
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
  SERVER: '服务器暂时出了问题，请稍后再试。',
  UNAUTHENTICATED: '登录已过期，请重新登录。',
  FORBIDDEN: '您没有权限做这件事。',
  NOT_FOUND: '没有找到这条记录。',
  INVALID_TRANSITION: '当前状态下不能这样操作，请刷新后查看最新状态。',
  CONFLICT: '这条记录已经存在或刚被别人改过，请刷新后再试。',
  BAD_USER_INPUT: '填写的内容有误，请检查后重试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍等片刻再试。',
  INTERNAL_SERVER_ERROR: '服务器暂时出了问题，请稍后再试。',
};

export function messageFor(code: string): string {
  return MESSAGES[code] ?? MESSAGES.SERVER;
}

const HAN = /\p{Script=Han}/u;

/**
 * The message to show: the server's own when it wrote it in Chinese (the lockout, a weak
 * password), without the field path it starts with; otherwise the code's message.
 */
function chineseMessage(code: string, message: string, field?: string): string {
  if (!HAN.test(message)) return messageFor(code);
  if (field && message.startsWith(`${field}: `)) return message.slice(field.length + 2);
  return message;
}

/** Told when the server refused the token, so the console can send its holder to sign in. */
const expiredListeners = new Set<() => void>();
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => void expiredListeners.delete(listener);
}

/** One GraphQL operation against /graphql as the signed-in member; throws ApiError. */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  { signal, anonymous = false }: { signal?: AbortSignal; anonymous?: boolean } = {},
): Promise<T> {
  const token = anonymous ? null : sessionToken();
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
    const field = first.extensions?.field;
    if (code === 'UNAUTHENTICATED' && token) {
      clearSession();
      for (const listener of expiredListeners) listener();
    }
    throw new ApiError(code, chineseMessage(code, first.message, field), first.message, field);
  }
  if (!body.data) throw new ApiError('SERVER', messageFor('SERVER'), `HTTP ${res.status}`);
  return body.data;
}

/** The message to show for anything a page caught. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return messageFor('SERVER');
}
