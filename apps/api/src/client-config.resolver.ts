import { Query, Resolver } from '@nestjs/graphql';
import { AppConfig, Public } from '@shanchou/core';
import { ClientConfigObject } from './dto/client-config.object';

/** The H5 pages' settings: public, and nothing in it is a secret. */
@Resolver()
export class ClientConfigResolver {
  constructor(private readonly config: AppConfig) {}

  @Public()
  @Query(() => ClientConfigObject, { description: 'Settings the H5 pages read at start' })
  clientConfig(): ClientConfigObject {
    return Object.assign(new ClientConfigObject(), {
      wechatAppId: this.config.wechat.appId,
      wechatAuthorizeUrl: this.config.wechat.oauthAuthorizeUrl,
      // The stand-in is mounted everywhere but production (AppModule), and takes the orders when
      // WeChat Pay's base URL is its own.
      wechatPaySimulated:
        !this.config.isProduction && this.config.wechat.payBaseUrl === `${this.config.publicBaseUrl}/wechat-sim`,
    });
  }
}
