import { AppConfig, RootLogger } from '@shanchou/core';
import { createHash } from 'node:crypto';
import { Notifier, UndeliverableNoticeError, VolunteerNotice } from './notifier';
import { shanghaiDateTime } from './shanghai-time';

const TIMEOUT_MS = 5000;
/** Refresh the access token this long before WeChat says it expires. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** The token is no longer valid (expired, or replaced): fetch it again and retry once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** The user cannot receive it (unfollowed, refused, unknown openid): no retry helps. */
const UNDELIVERABLE = new Set([40003, 43004, 43101]);

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number;
}

/** A template "thing" value holds at most 20 characters. */
function thing(value: string): string {
  const chars = [...value.trim()];
  return chars.length <= 20 ? chars.join('') : `${chars.slice(0, 19).join('')}…`;
}

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeChat answered errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatApiError';
  }
}

/**
 * Template messages (模板消息) of the official account, the production notifier. The template
 * (WECHAT_TEMPLATE_OUTREACH) has the fields thing1 活动名称, time2 活动时间, thing3 活动地点 and
 * thing4 温馨提示. The access token comes from the stable_token API, which does not invalidate the
 * token other processes hold, so any number of workers share one without a token server.
 */
export class WechatTemplateNotifier extends Notifier {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly log: RootLogger,
  ) {
    super();
  }

  async send(notice: VolunteerNotice): Promise<void> {
    const body = {
      touser: notice.openid,
      template_id: this.config.wechat.outreachTemplateId,
      url: notice.url,
      client_msg_id: createHash('sha256').update(notice.dedupKey).digest('hex').slice(0, 32),
      data: {
        thing1: { value: thing(notice.eventTitle) },
        time2: { value: shanghaiDateTime(notice.startsAt) },
        thing3: { value: thing(notice.place) },
        thing4: { value: thing(notice.text) },
      },
    };
    let answer = await this.post('/cgi-bin/message/template/send', body, await this.accessToken(false));
    if (answer.errcode && TOKEN_ERRORS.has(answer.errcode)) {
      answer = await this.post('/cgi-bin/message/template/send', body, await this.accessToken(true));
    }
    if (!answer.errcode) {
      this.log.info({ msgid: answer.msgid, kind: notice.kind }, 'template message sent');
      return;
    }
    if (UNDELIVERABLE.has(answer.errcode)) {
      throw new UndeliverableNoticeError(`WeChat will not deliver to this user: ${answer.errcode} ${answer.errmsg}`);
    }
    throw new WechatApiError(answer.errcode, answer.errmsg ?? '');
  }

  private accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && this.token && this.token.expiresAt > Date.now()) return Promise.resolve(this.token.value);
    // Concurrent jobs share one fetch.
    this.pending ??= this.fetchToken(forceRefresh).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const { appId, appSecret } = this.config.wechat;
    const answer = await this.post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: appId,
      secret: appSecret,
      force_refresh: forceRefresh,
    });
    if (answer.errcode || !answer.access_token) {
      throw new WechatApiError(answer.errcode ?? -1, answer.errmsg ?? 'no access_token in the answer');
    }
    this.token = {
      value: answer.access_token,
      expiresAt: Date.now() + (answer.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS,
    };
    return answer.access_token;
  }

  private async post(path: string, body: object, accessToken?: string): Promise<WechatAnswer> {
    const url = new URL(`${this.config.wechat.apiBaseUrl}${path}`);
    if (accessToken) url.searchParams.set('access_token', accessToken);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`WeChat ${path} answered HTTP ${res.status}`);
    return (await res.json()) as WechatAnswer;
  }
}
