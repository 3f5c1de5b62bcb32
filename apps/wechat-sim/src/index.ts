export * from './oauth-codes';
export * from './oauth.controller';
export * from './wechat-sim.module';
export * from './pay-sim.store';
export * from './pay-sim.controller';
export * from './template-message-sim.store';
export * from './template-message-sim.controller';
