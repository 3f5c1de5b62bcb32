import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignObject, CampaignService, OrganizationObject, OrganizationService } from '@shanchou/campaigns';
import { GraphqlContext, NotFoundError } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import DataLoader from 'dataloader';
import { donationLoaders } from './donation.loaders';
import { DonationService } from './donation.service';
import { DonationObject } from './dto/donation.objects';
import {
  OfflineRecordObject,
  RecordOfflineGiftInput,
  RecordRemittanceInput,
  RemittanceIdArgs,
  RemittanceLineObject,
  RemittanceObject,
  RemittancesArgs,
  ReverseRemittanceArgs,
} from './dto/remittance.objects';
import { RemittanceLineEntity } from './remittance.entities';
import { OfflineRecord, RemittanceService } from './remittance.service';

@Resolver(() => RemittanceObject)
export class RemittanceResolver {
  constructor(
    private readonly service: RemittanceService,
    private readonly donations: DonationService,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
  ) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] })
  @Mutation(() => RemittanceObject, {
    description:
      '录入线下汇款 of an organisation in scope, split into its lines; above the threshold a second district admin confirms',
  })
  async recordRemittance(
    @Args('input') input: RecordRemittanceInput,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<RemittanceObject> {
    return RemittanceObject.from(await this.service.record(actor, input));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR, Role.VILLAGE_OPERATOR] })
  @Mutation(() => DonationObject, {
    description:
      '个人线下捐赠 taken at a centre (cash, a transfer, a cheque) with its voucher: the gift and its receipt number at once; PAID at once up to the threshold, PENDING until a second district admin confirms its remittance above it',
  })
  async recordOfflineGift(
    @Args('input') input: RecordOfflineGiftInput,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<DonationObject> {
    return DonationObject.from(await this.service.recordGift(actor, input));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => RemittanceObject, {
    description: '复核确认: a district admin other than the recorder; its gifts then count',
  })
  async confirmRemittance(
    @Args() { id }: RemittanceIdArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<RemittanceObject> {
    return RemittanceObject.from(await this.service.confirm(actor, id));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] })
  @Mutation(() => RemittanceObject, {
    description:
      '冲正 a remittance found wrong: its gifts taken off by reversing entries with the reason (above the threshold once another district admin confirms); record it again, right',
  })
  async reverseRemittance(
    @Args() { id, reason }: ReverseRemittanceArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<RemittanceObject> {
    return RemittanceObject.from(await this.service.reverse(actor, id, reason));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => RemittanceObject, { description: '复核冲正: a district admin other than the one who asked for it' })
  async confirmRemittanceReversal(
    @Args() { id }: RemittanceIdArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<RemittanceObject> {
    return RemittanceObject.from(await this.service.confirmReversal(actor, id));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [RemittanceObject], { description: 'Offline remittances of the caller’s scope, newest first' })
  async remittances(@Args() args: RemittancesArgs, @CurrentStaff() actor: StaffPrincipal): Promise<RemittanceObject[]> {
    return (await this.service.list(actor, args)).map((r) => RemittanceObject.from(r));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => RemittanceObject, { description: 'One remittance of the caller’s scope' })
  async remittance(@Args() { id }: RemittanceIdArgs, @CurrentStaff() actor: StaffPrincipal): Promise<RemittanceObject> {
    return RemittanceObject.from(await this.service.byId(actor, id));
  }

  @ResolveField(() => [DonationObject], { description: 'One gift per line, once confirmed (none before)' })
  async gifts(@Parent() remittance: RemittanceObject, @Context() ctx: GraphqlContext): Promise<DonationObject[]> {
    const loader = ctx.loaders.get(
      'remittance.gifts',
      () =>
        new DataLoader<string, DonationObject[]>(async (ids) => {
          const byRemittance = await this.service.giftsOf(ids);
          return ids.map((id) => (byRemittance.get(id) ?? []).map((d) => DonationObject.from(d)));
        }),
    );
    return loader.load(remittance.id);
  }

  @ResolveField(() => Boolean, {
    description: 'Whether you recorded it (then someone else confirms it above the threshold)',
  })
  recordedByYou(@Parent() remittance: RemittanceObject, @CurrentStaff() me: StaffPrincipal): boolean {
    return remittance.recordedBy === me.staffId;
  }

  @ResolveField(() => Boolean, { description: 'Whether you asked for its reversal (then someone else carries it out)' })
  reversalRequestedByYou(@Parent() remittance: RemittanceObject, @CurrentStaff() me: StaffPrincipal): boolean {
    return remittance.reversalRequestedBy === me.staffId;
  }

  @ResolveField(() => [RemittanceLineObject], { description: 'The lines as the unit reported them' })
  async lines(@Parent() remittance: RemittanceObject, @Context() ctx: GraphqlContext): Promise<RemittanceLineObject[]> {
    const org = await this.organization(remittance, ctx);
    const loader = ctx.loaders.get(
      'remittance.lines',
      () =>
        new DataLoader<string, RemittanceLineEntity[]>(async (ids) => {
          const byRemittance = await this.service.linesOf(ids);
          return ids.map((id) => byRemittance.get(id) ?? []);
        }),
    );
    return (await loader.load(remittance.id)).map((l) => RemittanceLineObject.from(l, org?.name ?? null));
  }

  @ResolveField(() => OrganizationObject, {
    nullable: true,
    description: 'The unit that remitted it; null for one person’s gift taken at a centre',
  })
  async organization(
    @Parent() remittance: RemittanceObject,
    @Context() ctx: GraphqlContext,
  ): Promise<OrganizationObject | null> {
    if (!remittance.organizationId) return null;
    const view = await this.loaders(ctx).organization.load(remittance.organizationId);
    if (!view) throw new NotFoundError('Organization', remittance.organizationId, 'organizationId');
    return OrganizationObject.from(view);
  }

  @ResolveField(() => CampaignObject)
  async campaign(@Parent() remittance: RemittanceObject, @Context() ctx: GraphqlContext): Promise<CampaignObject> {
    const campaign = await this.loaders(ctx).campaign.load(remittance.campaignId);
    if (!campaign) throw new NotFoundError('Campaign', remittance.campaignId, 'campaignId');
    return CampaignObject.from(campaign);
  }

  private loaders(ctx: GraphqlContext) {
    return donationLoaders(ctx, {
      campaigns: this.campaigns,
      organizations: this.organizations,
      donations: this.donations,
    });
  }
}

/** How an offline gift was taken, on the gift itself: what its receipt reprints. */
@Resolver(() => DonationObject)
export class DonationOfflineRecordResolver {
  constructor(private readonly service: RemittanceService) {}

  @ResolveField(() => OfflineRecordObject, {
    nullable: true,
    description:
      'An offline gift: the day it was received, its voucher’s number and who recorded it; null for WeChat Pay',
  })
  async offlineRecord(
    @Parent() donation: DonationObject,
    @Context() ctx: GraphqlContext,
  ): Promise<OfflineRecordObject | null> {
    if (!donation.remittanceId) return null;
    const loader = ctx.loaders.get(
      'donation.offlineRecord',
      () =>
        new DataLoader<string, OfflineRecord | null>(async (ids) => {
          const records = await this.service.offlineRecordsOf(ids);
          return ids.map((id) => records.get(id) ?? null);
        }),
    );
    const record = await loader.load(donation.remittanceId);
    return record && Object.assign(new OfflineRecordObject(), record);
  }
}
