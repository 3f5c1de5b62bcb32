export * from './wechatpay-crypto';
export * from './wechatpay-keys';
export * from './wechatpay-http';
export * from './wechatpay.client';
export * from './wechatpay.module';
export * from './wechatpay-unavailable';
