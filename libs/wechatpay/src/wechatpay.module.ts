import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@shanchou/core';
import { WechatPayClient } from './wechatpay.client';
import { WechatPayKeys } from './wechatpay-keys';

@Global()
@Module({
  providers: [
    { provide: WechatPayKeys, inject: [AppConfig], useFactory: (config: AppConfig) => WechatPayKeys.load(config) },
    WechatPayClient,
  ],
  exports: [WechatPayKeys, WechatPayClient],
})
export class WechatPayModule {}
