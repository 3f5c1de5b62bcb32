export * from './app.module';
export * from './bootstrap';
