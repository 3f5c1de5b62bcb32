export * from './job-processor';
export * from './job-runner';
export * from './worker.module';
export * from './platform-modules';
export * from './worker-app.module';
