export * from './queue-names';
export * from './job-queue';
export * from './cron';
export * from './in-process-job-queue';
export * from './bullmq-job-queue';
export * from './queue.module';
