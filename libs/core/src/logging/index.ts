export * from './logger';
export * from './request-context';
export * from './logging.module';
export * from './log-limiter';
export * from './startup-phase';
