export * from './wechatpay-crypto';
