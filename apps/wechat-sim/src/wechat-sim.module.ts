import { DynamicModule, Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { CODE_TTL_MS, OAuthCodes } from './oauth-codes';
import { OAuthController } from './oauth.controller';
import { PAY_SIM_OPTIONS, PaySimController, PaySimOptions } from './pay-sim.controller';
import { PaySimStore } from './pay-sim.store';
import { SimKeysController, SimPlatformKeys } from './sim-keys';
import { SimOutage, SimOutageController } from './sim-outage';
import { WECHAT_SIM_PATH } from './sim-path';
import { SmsSimControlController, SmsSimController } from './sms-sim.controller';
import { SmsSimStore } from './sms-sim.store';
import { TemplateMessageSimController } from './template-message-sim.controller';
import { TemplateMessageSimStore } from './template-message-sim.store';
import { WechatPayKeys, WechatPayModule } from '@shanchou/wechatpay';
import { AppConfig } from '@shanchou/core';

export interface WechatSimOptions {
  /** How long an OAuth code lives (WeChat: five minutes); tests shorten it. */
  codeTtlMs?: number;
  /** Multiplies WeChat Pay's notification retry schedule; tests shorten it (0.001: 15 s → 15 ms). */
  notifyRetryScale?: number;
  /** How long a refund stays PROCESSING; WECHAT_SIM_REFUND_SETTLE_MS by default. */
  refundSettleMs?: number;
}

export { WECHAT_SIM_PATH } from './sim-path';

/** The WeChat stand-in, served under /wechat-sim; never in production (AppModule decides). */
@Module({})
export class WechatSimModule {
  static forRoot(options: WechatSimOptions = {}): DynamicModule {
    return {
      module: WechatSimModule,
      imports: [WechatPayModule, RouterModule.register([{ path: WECHAT_SIM_PATH, module: WechatSimModule }])],
      controllers: [
        OAuthController,
        PaySimController,
        SimKeysController,
        SimOutageController,
        SmsSimController,
        SmsSimControlController,
        TemplateMessageSimController,
      ],
      providers: [
        { provide: OAuthCodes, useValue: new OAuthCodes(options.codeTtlMs ?? CODE_TTL_MS) },
        { provide: PaySimStore, useValue: new PaySimStore() },
        { provide: SimPlatformKeys, inject: [WechatPayKeys], useFactory: (k: WechatPayKeys) => new SimPlatformKeys(k) },
        { provide: SimOutage, useValue: new SimOutage() },
        { provide: TemplateMessageSimStore, useValue: new TemplateMessageSimStore() },
        { provide: SmsSimStore, useValue: new SmsSimStore() },
        {
          provide: PAY_SIM_OPTIONS,
          inject: [AppConfig],
          useFactory: (config: AppConfig): PaySimOptions => ({
            retryScale: options.notifyRetryScale ?? 1,
            refundSettleMs: options.refundSettleMs ?? config.wechat.simRefundSettleMs,
          }),
        },
      ],
    };
  }
}
