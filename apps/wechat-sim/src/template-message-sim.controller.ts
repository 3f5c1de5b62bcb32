import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { AppConfig, Public } from '@shanchou/core';
import { SIM_UNFOLLOWED_OPENID, SimTemplateMessage, TemplateMessageSimStore } from './template-message-sim.store';

const OPENID = /^[\w-]{6,64}$/;

interface TemplateSend {
  touser?: string;
  template_id?: string;
  url?: string;
  client_msg_id?: string;
  data?: Record<string, { value?: unknown }>;
}

/** How long WeChat remembers a template message's client_msg_id. */
export const CLIENT_MSG_ID_WINDOW_MS = 10 * 60_000;

/**
 * The official account's server API as the stand-in plays it (api.weixin.qq.com/cgi-bin):
 * stable access tokens and template messages (模板消息), with WeChat's errcodes. WeChat answers
 * HTTP 200 with an errcode when it refuses.
 */
@Public()
@Controller()
export class TemplateMessageSimController {
  constructor(
    private readonly config: AppConfig,
    @Inject(TemplateMessageSimStore) private readonly store: TemplateMessageSimStore,
  ) {}

  @Post('cgi-bin/stable_token')
  @HttpCode(200)
  stableToken(
    @Body() body: { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean },
  ): Record<string, unknown> {
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (body.appid !== this.config.wechat.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (body.secret !== this.config.wechat.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const { token, expiresIn } = this.store.stableToken(body.force_refresh === true);
    return { access_token: token, expires_in: expiresIn };
  }

  @Post('cgi-bin/message/template/send')
  @HttpCode(200)
  send(@Query('access_token') accessToken: string | undefined, @Body() body: TemplateSend): Record<string, unknown> {
    if (!accessToken || !this.store.tokenValid(accessToken)) {
      return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    }
    if (!body.touser || !OPENID.test(body.touser)) return { errcode: 40003, errmsg: 'invalid openid' };
    if (!body.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
    const data = body.data;
    if (!data || typeof data !== 'object' || Object.values(data).some((d) => typeof d?.value !== 'string')) {
      return { errcode: 47001, errmsg: 'data format error' };
    }
    if (SIM_UNFOLLOWED_OPENID.test(body.touser)) return { errcode: 43004, errmsg: 'require subscribe' };
    // The same client_msg_id for the same user within ten minutes is one message (WeChat's 防重入);
    // after that WeChat sends it again, and so does the stand-in.
    const since = Date.now() - CLIENT_MSG_ID_WINDOW_MS;
    const repeated = body.client_msg_id
      ? this.store.messages.find(
          (m) => m.touser === body.touser && m.clientMsgId === body.client_msg_id && Date.parse(m.receivedAt) >= since,
        )
      : undefined;
    if (repeated) return { errcode: 0, errmsg: 'ok', msgid: repeated.msgid };
    const message: SimTemplateMessage = {
      msgid: this.store.newMsgId(),
      touser: body.touser,
      templateId: body.template_id,
      url: body.url,
      clientMsgId: body.client_msg_id,
      data: data as Record<string, { value: string }>,
      receivedAt: new Date().toISOString(),
    };
    this.store.messages.push(message);
    return { errcode: 0, errmsg: 'ok', msgid: message.msgid };
  }

  /** Stand-in control: every access token stops working (WeChat answers 40001 to them). */
  @Post('_sim/access-tokens/expire')
  @HttpCode(204)
  expireTokens(): void {
    this.store.expireTokens();
  }

  /** Stand-in control: the template messages received, for one user or all. */
  @Get('_sim/template-messages')
  messages(@Query('touser') touser: string | undefined): SimTemplateMessage[] {
    return this.store.messages.filter((m) => !touser || m.touser === touser);
  }
}
