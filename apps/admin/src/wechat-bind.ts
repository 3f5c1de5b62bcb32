import { gql } from './api/graphql';
import { CONSOLE_CLIENT_CONFIG, type WechatConfig } from './api/operations';

const STATE_KEY = 'shanchou.console.wechat-bind';
/** Where WeChat sends the member back with ?code=&state= (the 我的账号 page). */
export const BIND_RETURN_PATH = '/admin/account';

function randomState(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** WeChat's authorise page (snsapi_base) coming back to the console, as the H5 sign-in builds it. */
export function bindAuthorizeUrl(config: WechatConfig, origin: string, state: string): string {
  const url = new URL(config.wechatAuthorizeUrl, origin);
  url.search = new URLSearchParams({
    appid: config.wechatAppId,
    redirect_uri: `${origin}${BIND_RETURN_PATH}`,
    response_type: 'code',
    scope: 'snsapi_base',
    state,
  }).toString();
  return `${url.toString()}#wechat_redirect`;
}

/** Leaves the console for WeChat's authorisation; it comes back to 我的账号 with a code. */
export async function startWechatBind(assign: (url: string) => void = (u) => window.location.assign(u)): Promise<void> {
  const { clientConfig } = await gql<{ clientConfig: WechatConfig }>(CONSOLE_CLIENT_CONFIG);
  const state = randomState();
  sessionStorage.setItem(STATE_KEY, state);
  assign(bindAuthorizeUrl(clientConfig, window.location.origin, state));
}

/** Whether `state` is the one this browser sent (a link from someone else must not bind their WeChat). */
export function takeBindState(state: string): boolean {
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  return !!expected && expected === state;
}
