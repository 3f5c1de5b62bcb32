import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { CODE_TTL_MS, OAuthCodes } from './oauth-codes';
import { OAuthController } from './oauth.controller';

export interface WechatSimOptions {
  /** How long an OAuth code lives (WeChat: five minutes); tests shorten it. */
  codeTtlMs?: number;
}

export const WECHAT_SIM_PATH = 'wechat-sim';

/** The WeChat stand-in, served under /wechat-sim; never in production (AppModule decides). */
@Module({})
export class WechatSimModule {
  static forRoot(options: WechatSimOptions = {}): DynamicModule {
    return {
      module: WechatSimModule,
      imports: [RouterModule.register([{ path: WECHAT_SIM_PATH, module: WechatSimModule }])],
      controllers: [OAuthController],
      providers: [{ provide: OAuthCodes, useValue: new OAuthCodes(options.codeTtlMs ?? CODE_TTL_MS) }],
    };
  }
}
