import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsUUID } from 'class-validator';
import { StoredFileEntity } from '../stored-file.entity';

@ObjectType('StoredFile', { description: 'An uploaded file (POST /files), as a page shows or links it' })
export class StoredFileObject {
  @Field(() => ID) id!: string;
  @Field({ description: 'campaign-image, event-photo (public), attachment, delivery-photo or official-receipt' })
  purpose!: string;
  @Field() contentType!: string;
  @Field(() => Int) bytes!: number;
  @Field(() => Int, { nullable: true }) width!: number | null;
  @Field(() => Int, { nullable: true }) height!: number | null;
  @Field({
    description:
      'Where to read it: a public file its lasting address; a private one a signed address that works for 10 minutes without a header (for <img> and links)',
  })
  url!: string;
  @Field(() => Date) createdAt!: Date;

  static from(file: StoredFileEntity, url: string): StoredFileObject {
    return Object.assign(new StoredFileObject(), {
      id: file.id,
      purpose: file.purpose,
      contentType: file.contentType,
      bytes: file.bytes,
      width: file.width,
      height: file.height,
      url,
      createdAt: file.createdAt,
    });
  }
}

@ArgsType()
export class StoredFilesArgs {
  @Field(() => [ID])
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'ids: 须为已上传文件的 id' })
  ids!: string[];
}
