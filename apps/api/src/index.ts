export * from './app.module';
export * from './bootstrap';
export * from './schema-file';
export * from './cli/cli.module';
export * from './h5-pages';
