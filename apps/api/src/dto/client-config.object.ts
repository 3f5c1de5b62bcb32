import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('ClientConfig', { description: 'What the H5 pages need to know before a donor signs in or pays' })
export class ClientConfigObject {
  @Field({ description: 'The official account (公众号) the pages belong to' })
  wechatAppId!: string;

  @Field({
    description: 'Where to send the browser for a WeChat OAuth code (snsapi_base); the stand-in in development',
  })
  wechatAuthorizeUrl!: string;

  @Field({
    description: 'True where the WeChat stand-in plays WeChat Pay (development, demo): pay at its pay sheet',
  })
  wechatPaySimulated!: boolean;
}
