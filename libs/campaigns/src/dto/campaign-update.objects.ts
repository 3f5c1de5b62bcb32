import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { UPDATE_BODY_MAX, UPDATE_IMAGES_MAX, UPDATE_TITLE_MAX } from '../campaign-update.service';
import { CampaignUpdateEntity } from '../campaign-update.entity';

@ObjectType('CampaignUpdate', { description: '项目进展: a dated progress update on the campaign page' })
export class CampaignUpdateObject {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field({ description: 'Markdown; render it without raw HTML' }) body!: string;
  @Field(() => Date) publishedAt!: Date;
  /** Resolved to imageUrls. */
  imageIds!: string[];

  static from(u: CampaignUpdateEntity): CampaignUpdateObject {
    return Object.assign(new CampaignUpdateObject(), {
      id: u.id,
      title: u.title,
      body: u.body,
      publishedAt: u.publishedAt,
      imageIds: u.imageIds,
    });
  }
}

@InputType()
export class PublishCampaignUpdateInput {
  @Field(() => ID) @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Field() @IsString() @MaxLength(UPDATE_TITLE_MAX) title!: string;
  @Field({ description: 'Markdown' }) @IsString() @MaxLength(UPDATE_BODY_MAX) body!: string;
  @Field(() => [ID], { nullable: true, description: 'campaign-image files from POST /files' })
  @IsOptional()
  @ArrayMaxSize(UPDATE_IMAGES_MAX)
  @IsUUID('all', { each: true, message: '每一项都须为上传图片后得到的文件编号' })
  imageIds?: string[];
}
