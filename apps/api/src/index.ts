export * from './app.module';
export * from './bootstrap';
export * from './schema-file';
export * from './cli/cli.module';
export * from './cli/staff-bootstrap.command';
export * from './h5-pages';
