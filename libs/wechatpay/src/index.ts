export * from './wechatpay-crypto';
export * from './wechatpay-keys';
export * from './wechatpay.client';
export * from './wechatpay.module';
