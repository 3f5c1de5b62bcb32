export * from './oauth-codes';
export * from './oauth.controller';
export * from './wechat-sim.module';
export * from './pay-sim.store';
export * from './pay-sim.controller';
