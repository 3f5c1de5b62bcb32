import { clientConfig } from '../api/client-config';
import { gql } from '../api/graphql';
import { WECHAT_LOGIN, type Session } from '../api/operations';
import { saveSession } from '../session';

const STATE_KEY = 'shanchou.oauth';
export const CALLBACK_PATH = '/h5/oauth-callback';

interface PendingSignIn {
  state: string;
  returnTo: string;
}

function randomState(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The WeChat authorise URL (网页授权, snsapi_base: no prompt, only the openid) that comes back to
 * our callback with a code. `#wechat_redirect` is what WeChat asks for at the end.
 */
export function authorizeUrl(
  config: { wechatAppId: string; wechatAuthorizeUrl: string },
  origin: string,
  state: string,
): string {
  const url = new URL(config.wechatAuthorizeUrl);
  url.search = new URLSearchParams({
    appid: config.wechatAppId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    response_type: 'code',
    scope: 'snsapi_base',
    state,
  }).toString();
  return `${url.toString()}#wechat_redirect`;
}

/** Leaves the page for WeChat's authorisation; the callback comes back to `returnTo`. */
export async function startWechatSignIn(returnTo: string): Promise<void> {
  const config = await clientConfig();
  const state = randomState();
  sessionStorage.setItem(STATE_KEY, JSON.stringify({ state, returnTo } satisfies PendingSignIn));
  window.location.assign(authorizeUrl(config, window.location.origin, state));
}

export class SignInError extends Error {}

/**
 * Exchanges the code WeChat sent back for a donor session; the state must be the one this
 * browser sent (so nobody can sign a visitor in as someone else with a link).
 */
export async function completeWechatSignIn(code: string, state: string): Promise<string> {
  let pending: PendingSignIn | null = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null') as PendingSignIn | null;
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(STATE_KEY);
  if (!pending || pending.state !== state) throw new SignInError('state');
  const { wechatLogin } = await gql<{ wechatLogin: Session }>(WECHAT_LOGIN, { code });
  saveSession('donor', { token: wechatLogin.token, expiresAt: wechatLogin.expiresAt });
  return pending.returnTo.startsWith('/') && !pending.returnTo.startsWith('//') ? pending.returnTo : '/';
}
