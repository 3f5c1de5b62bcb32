import { Injectable } from '@nestjs/common';
import { AppConfig, UnauthenticatedError } from '@shanchou/core';

/** WeChat's answer to /sns/oauth2/access_token: the user's openid, or an error code. */
interface AccessTokenAnswer {
  access_token?: string;
  openid?: string;
  scope?: string;
  errcode?: number;
  errmsg?: string;
}

const TIMEOUT_MS = 5000;

export class WechatCodeRejectedError extends UnauthenticatedError {
  constructor(readonly errcode: number) {
    super(`微信没有接受这次登录（错误码 ${errcode}）：请从微信里重新打开页面`);
  }
}

/**
 * Web-page authorisation (网页授权, snsapi_base): exchanges the code WeChat hands the H5 page for
 * the user's openid. WECHAT_OAUTH_BASE_URL is WeChat in production and the stand-in otherwise.
 */
@Injectable()
export class WechatOAuthClient {
  constructor(private readonly config: AppConfig) {}

  async openidFor(code: string): Promise<string> {
    const { appId, appSecret, oauthBaseUrl } = this.config.wechat;
    const url = new URL(`${oauthBaseUrl}/sns/oauth2/access_token`);
    url.search = new URLSearchParams({
      appid: appId,
      secret: appSecret,
      code,
      grant_type: 'authorization_code',
    }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!res.ok) throw new Error(`WeChat OAuth answered HTTP ${res.status}`);
    const answer = (await res.json()) as AccessTokenAnswer;
    if (answer.errcode) throw new WechatCodeRejectedError(answer.errcode);
    if (!answer.openid) throw new Error('WeChat OAuth answered without an openid');
    return answer.openid;
  }
}
