export * from './outbox-message.entity';
export * from './outbox.service';
export * from './outbox-relay';
export * from './outbox.module';
export * from './outbox-signal';
export * from './job-outcomes';
export * from './dead-jobs';
export type { DeadRow } from './outbox.repository';
