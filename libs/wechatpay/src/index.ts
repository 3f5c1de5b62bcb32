export * from './wechatpay-crypto';
export * from './wechatpay-keys';
