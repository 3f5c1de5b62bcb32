import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@shanchou/core';
import { IdentityModule } from '@shanchou/identity';
import { RegionsModule } from '@shanchou/regions';
import { FILE_STORE, FileStore } from './file-store';
import { FilesController } from './files.controller';
import { FilesResolver } from './files.resolver';
import { FilesService } from './files.service';
import { LocalFileStore } from './local-file-store';
import type { S3FileStore, S3StoreOptions } from './s3-file-store';
import { StoredFileEntity } from './stored-file.entity';
import { StoredFileRepository } from './stored-file.repository';

/**
 * The store the configuration names: S3-compatible storage, or a directory. The AWS SDK is
 * loaded only when S3 is configured (about 0.13 s of a start otherwise spent for nothing).
 */
export async function fileStoreFor(config: AppConfig): Promise<FileStore> {
  const store = config.fileStore;
  return store.kind === 's3' ? openS3FileStore(store) : new LocalFileStore(store.dir);
}

/** An S3-compatible store, the SDK loaded on first use. */
export async function openS3FileStore(options: S3StoreOptions): Promise<S3FileStore> {
  const { S3FileStore } = await import('./s3-file-store');
  return new S3FileStore(options);
}

@Module({
  imports: [TypeOrmModule.forFeature([StoredFileEntity]), RegionsModule, IdentityModule],
  controllers: [FilesController],
  providers: [
    StoredFileRepository,
    FilesService,
    FilesResolver,
    { provide: FILE_STORE, inject: [AppConfig], useFactory: fileStoreFor },
  ],
  exports: [FilesService],
})
export class FilesModule {}
