export * from './logger';
export * from './request-context';
export * from './logging.module';
