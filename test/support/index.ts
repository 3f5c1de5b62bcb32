export * from './test-env';
export * from './test-database';
export * from './test-app';
export * from './wait';
export * from './probe.processor';
export * from './production-env';
export * from './auth-helpers';
export * from './goods-helpers';
