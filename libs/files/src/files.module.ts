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
import { S3FileStore } from './s3-file-store';
import { StoredFileEntity } from './stored-file.entity';
import { StoredFileRepository } from './stored-file.repository';

/** The store the configuration names: S3-compatible storage, or a directory. */
export function fileStoreFor(config: AppConfig): FileStore {
  const store = config.fileStore;
  return store.kind === 's3' ? new S3FileStore(store) : new LocalFileStore(store.dir);
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
