import { Controller, Get, HttpStatus, Inject, Query, Res } from '@nestjs/common';
import { AppConfig, Public } from '@shanchou/core';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { OAuthCodes } from './oauth-codes';

/** The simulated user when the authorize call names none: one phone, one donor. */
export const DEFAULT_SIM_OPENID = 'oSim-demo-donor-0001';
const OPENID = /^[\w-]{6,64}$/;

/**
 * WeChat web-page authorisation (网页授权) as the stand-in plays it: the same paths, parameters
 * and error codes as open.weixin.qq.com and api.weixin.qq.com, for the official account in config.
 */
@Public()
@Controller()
export class OAuthController {
  constructor(
    private readonly config: AppConfig,
    @Inject(OAuthCodes) private readonly codes: OAuthCodes,
  ) {}

  /** The user agrees (snsapi_base asks nothing) and is sent back with a code. */
  @Get('connect/oauth2/authorize')
  authorize(
    @Query('appid') appid: string | undefined,
    @Query('redirect_uri') redirectUri: string | undefined,
    @Query('response_type') responseType: string | undefined,
    @Query('scope') scope: string | undefined,
    @Query('state') state: string | undefined,
    @Query('openid') openid: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    const refuse = (errcode: number, errmsg: string) =>
      void reply.status(HttpStatus.BAD_REQUEST).send({ errcode, errmsg });
    if (appid !== this.config.wechat.appId) return refuse(40013, 'invalid appid');
    if (responseType !== 'code') return refuse(40003, 'invalid response_type: must be code');
    if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') return refuse(10005, 'invalid scope');
    let target: URL;
    try {
      target = new URL(redirectUri ?? '');
    } catch {
      return refuse(10003, 'redirect_uri is not a URL');
    }
    if (openid !== undefined && !OPENID.test(openid))
      return refuse(40003, 'invalid openid: 6-64 letters, digits, _ or -');
    target.searchParams.set('code', this.codes.issue(openid ?? DEFAULT_SIM_OPENID, scope));
    target.searchParams.set('state', state ?? '');
    void reply.status(HttpStatus.FOUND).header('location', target.toString()).send();
  }

  /** Code → openid. WeChat answers 200 with an errcode when it refuses. */
  @Get('sns/oauth2/access_token')
  accessToken(
    @Query('appid') appid: string | undefined,
    @Query('secret') secret: string | undefined,
    @Query('code') code: string | undefined,
    @Query('grant_type') grantType: string | undefined,
  ): Record<string, unknown> {
    if (appid !== this.config.wechat.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (secret !== this.config.wechat.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    if (grantType !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const outcome = this.codes.redeem(code ?? '');
    if (!outcome.ok) return { errcode: outcome.errcode, errmsg: outcome.errmsg };
    return {
      access_token: randomBytes(24).toString('base64url'),
      expires_in: 7200,
      refresh_token: randomBytes(24).toString('base64url'),
      openid: outcome.code.openid,
      scope: outcome.code.scope,
    };
  }
}
