export * from './file-purpose';
export * from './file-store';
export * from './file-type';
export * from './files.module';
export * from './files.loaders';
export * from './dto/stored-file.object';
export * from './files.service';
export * from './files-http';
export * from './local-file-store';
// Types only: the AWS SDK loads when S3 is configured (openS3FileStore), not with this index.
export type { S3FileStore, S3StoreOptions } from './s3-file-store';
export { FileTickets, TICKET_SECONDS } from './file-tickets';
export { MAX_IMAGE_SIDE } from './image-processing';
