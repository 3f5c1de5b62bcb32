export * from './oauth-codes';
export * from './oauth.controller';
export * from './wechat-sim.module';
