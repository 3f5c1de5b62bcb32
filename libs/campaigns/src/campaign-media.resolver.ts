import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { FilesService, publicFiles } from '@shanchou/files';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import DataLoader from 'dataloader';
import { CampaignUpdateService } from './campaign-update.service';
import { CampaignObject } from './dto/campaign.object';
import { CampaignUpdateObject, PublishCampaignUpdateInput } from './dto/campaign-update.objects';

/** The addresses of campaign images by id, one query per request for a whole list of campaigns and updates. */
async function urlsOf(ctx: GraphqlContext, files: FilesService, ids: readonly string[]): Promise<string[]> {
  return (await publicFiles(ctx, files, ids)).map((f) => files.urlOf(f));
}

/** A campaign's cover, gallery and progress updates (项目进展) on its page. */
@Resolver(() => CampaignObject)
export class CampaignMediaResolver {
  constructor(
    private readonly files: FilesService,
    private readonly progress: CampaignUpdateService,
  ) {}

  @ResolveField(() => String, { nullable: true, description: 'The cover image (/files/<sha256>.<ext>)' })
  async coverImageUrl(@Parent() campaign: CampaignObject, @Context() ctx: GraphqlContext): Promise<string | null> {
    if (!campaign.coverImageId) return null;
    return (await urlsOf(ctx, this.files, [campaign.coverImageId]))[0] ?? null;
  }

  @ResolveField(() => [String], { description: 'The gallery, in order' })
  imageUrls(@Parent() campaign: CampaignObject, @Context() ctx: GraphqlContext): Promise<string[]> {
    return urlsOf(ctx, this.files, campaign.imageIds);
  }

  @ResolveField(() => [CampaignUpdateObject], { description: '项目进展, newest first' })
  async updates(@Parent() campaign: CampaignObject, @Context() ctx: GraphqlContext): Promise<CampaignUpdateObject[]> {
    const loader = ctx.loaders.get(
      'campaign.updates',
      () =>
        new DataLoader<string, CampaignUpdateObject[]>(async (ids) =>
          (await this.progress.ofCampaigns(ids)).map((list) => list.map((u) => CampaignUpdateObject.from(u))),
        ),
    );
    return loader.load(campaign.id);
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => CampaignUpdateObject, { description: '项目进展: publishes a progress update to the campaign page' })
  async publishCampaignUpdate(
    @Args('input') input: PublishCampaignUpdateInput,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<CampaignUpdateObject> {
    return CampaignUpdateObject.from(await this.progress.publish(me, input));
  }
}

@Resolver(() => CampaignUpdateObject)
export class CampaignUpdateResolver {
  constructor(private readonly files: FilesService) {}

  @ResolveField(() => [String], { description: 'Its photos, in order' })
  imageUrls(@Parent() update: CampaignUpdateObject, @Context() ctx: GraphqlContext): Promise<string[]> {
    return urlsOf(ctx, this.files, update.imageIds);
  }
}
