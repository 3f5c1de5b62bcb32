import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignObject, CampaignService, OrganizationObject, OrganizationService } from '@shanchou/campaigns';
import { AppConfig, GraphqlContext, InputError, InvalidTransitionError, NotFoundError, SafeInt } from '@shanchou/core';
import { donationLoaders } from './donation.loaders';
import {
  Allow,
  ANY_STAFF,
  CurrentDonor,
  CurrentPrincipal,
  CurrentStaff,
  DonorPrincipal,
  Principal,
  Role,
  StaffPrincipal,
  ClientAddress,
} from '@shanchou/identity';
import { CheckoutThrottle } from './checkout-throttle';
import { DonationCursor } from './donation.repository';
import { DonationService } from './donation.service';
import { DONATION_STATUS_LABELS } from './donation-status';
import { RefundService } from './refund.service';
import {
  CreateDonationInput,
  DonationCheckoutObject,
  DonationObject,
  ReceiptArgs,
  RefundArgs,
  DonationReceiptObject,
  DonationSearchArgs,
  DonationSearchPageObject,
  YearArgs,
  YearlyStatementObject,
} from './dto/donation.objects';

@Resolver(() => DonationObject)
export class DonationResolver {
  constructor(
    private readonly donations: DonationService,
    private readonly refunds: RefundService,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly throttle: CheckoutThrottle,
    private readonly config: AppConfig,
  ) {}

  @Allow({ donor: true, staff: ANY_STAFF })
  @Query(() => DonationReceiptObject, { description: '电子捐赠证书 of a paid gift: its donor, or staff' })
  async donationReceipt(
    @Args() { receiptNo }: ReceiptArgs,
    @CurrentPrincipal() caller: Principal,
  ): Promise<DonationReceiptObject> {
    const found = await this.donations.byReceiptNo(receiptNo);
    if (!found || (caller.kind === 'donor' && found.donorId !== caller.donorId))
      throw new NotFoundError('Donation', receiptNo, 'receiptNo');
    if (!found.paidAt)
      throw new InvalidTransitionError(
        `捐赠 ${receiptNo} ${DONATION_STATUS_LABELS[found.status]}：只有支付成功的捐赠才有证书`,
      );
    // Paid but not yet integrated (within the merge delay): the certificate says 正在入账.
    const seq = found.ledgerSeq === null ? null : Number(found.ledgerSeq);
    const campaign = await this.campaigns.requireById(found.campaignId);
    const organization = found.organizationId ? await this.organizations.requireById(found.organizationId) : null;
    const view = DonationObject.from(found);
    return Object.assign(new DonationReceiptObject(), {
      receiptNo,
      donor: view.displayName,
      // Its own donor's certificate carries the name they gave under; nobody else's view does.
      donorName: caller.kind === 'donor' && !found.anonymous ? found.donorName : null,
      organizationName: organization?.name ?? null,
      amountFen: view.amountFen,
      amountYuan: (view.amountFen / 100).toFixed(2),
      campaignTitle: campaign.title,
      paidAt: found.paidAt,
      ledgerSeq: seq,
      verifyUrl: seq === null ? null : `${this.config.publicBaseUrl}/h5/ledger/verify?seq=${seq}`,
    });
  }

  @Allow({ donor: true })
  @Query(() => YearlyStatementObject, { description: "The donor's paid gifts in a calendar year" })
  async myYearlyStatement(
    @Args() { year }: YearArgs,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<YearlyStatementObject> {
    const paid = (await this.donations.paidInYear(donor.donorId, year)).map((d) => DonationObject.from(d));
    return Object.assign(new YearlyStatementObject(), {
      year,
      donations: paid,
      gifts: paid.length,
      totalFen: paid.reduce((sum, d) => sum + d.amountFen, 0),
    });
  }

  @Allow({ donor: true })
  @Mutation(() => DonationCheckoutObject, { description: 'A PENDING donation and the parameters to pay it in WeChat' })
  async createDonation(
    @Args('input') input: CreateDonationInput,
    @CurrentDonor() donor: DonorPrincipal,
    @ClientAddress() address: string,
  ): Promise<DonationCheckoutObject> {
    await this.throttle.admit(donor.donorId, address);
    const { donation, payParams } = await this.donations.checkout(donor, input);
    return Object.assign(new DonationCheckoutObject(), { donation: DonationObject.from(donation), payParams });
  }

  @Allow({ donor: true, staff: ANY_STAFF })
  @Query(() => DonationObject, { nullable: true, description: 'Its donor, or staff' })
  async donation(@Args() { receiptNo }: ReceiptArgs, @CurrentPrincipal() caller: Principal): Promise<DonationObject> {
    const found = await this.donations.byReceiptNo(receiptNo);
    // Another donor's receipt answers as one that does not exist.
    if (!found || (caller.kind === 'donor' && found.donorId !== caller.donorId))
      throw new NotFoundError('Donation', receiptNo, 'receiptNo');
    return DonationObject.from(found);
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => DonationObject, { description: 'REFUNDING now; REFUNDED when WeChat Pay confirms. Safe to retry.' })
  async refundDonation(
    @Args() { receiptNo, reason }: RefundArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<DonationObject> {
    return DonationObject.from(await this.refunds.refund(me, receiptNo, reason));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => DonationObject, {
    description:
      'A REFUND_FAILED gift refunded again: REFUNDING, under the same out_refund_no after ABNORMAL (发起异常退款, to the merchant bank account), a new one after CLOSED',
  })
  async retryRefund(@Args() { receiptNo }: ReceiptArgs, @CurrentStaff() me: StaffPrincipal): Promise<DonationObject> {
    return DonationObject.from(await this.refunds.retry(me, receiptNo));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Query(() => [DonationObject], {
    description: 'Gifts whose refund failed (REFUND_FAILED), most recent failure first',
  })
  async failedRefunds(): Promise<DonationObject[]> {
    return (await this.refunds.failed()).map((d) => DonationObject.from(d));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => DonationSearchPageObject, {
    description:
      '捐赠查询: orders of every status, newest first, by receipt number, campaign, organisation, status, time and amount',
  })
  async searchDonations(@Args() { filter = {}, first, before }: DonationSearchArgs): Promise<DonationSearchPageObject> {
    const rows = await this.donations.search(
      {
        receiptNo: filter.receiptNo,
        campaignId: filter.campaignId,
        organizationId: filter.organizationId,
        statuses: filter.status,
        from: filter.from,
        to: filter.to,
        minFen: filter.minAmountFen,
        maxFen: filter.maxAmountFen,
      },
      before === undefined ? null : decodeCursor(before),
      first + 1,
    );
    const page = rows.slice(0, first);
    const last = page[page.length - 1];
    return Object.assign(new DonationSearchPageObject(), {
      donations: page.map((d) => DonationObject.from(d)),
      nextBefore: rows.length > first ? last.id : null,
    });
  }

  @Allow({ donor: true })
  @Query(() => [DonationObject])
  async myDonations(@CurrentDonor() donor: DonorPrincipal): Promise<DonationObject[]> {
    return (await this.donations.ofDonor(donor.donorId)).map((d) => DonationObject.from(d));
  }

  @ResolveField(() => CampaignObject)
  async campaign(@Parent() donation: DonationObject, @Context() ctx: GraphqlContext): Promise<CampaignObject> {
    const campaign = await this.loaders(ctx).campaign.load(donation.campaignId);
    if (!campaign) throw new NotFoundError('Campaign', donation.campaignId, 'campaignId');
    return CampaignObject.from(campaign);
  }

  @ResolveField(() => OrganizationObject, { nullable: true, description: 'Given on behalf of this organisation' })
  async organization(
    @Parent() donation: DonationObject,
    @Context() ctx: GraphqlContext,
  ): Promise<OrganizationObject | null> {
    if (!donation.organizationId) return null;
    const view = await this.loaders(ctx).organization.load(donation.organizationId);
    return view ? OrganizationObject.from(view) : null;
  }

  @ResolveField(() => SafeInt, { description: "Sponsors' 1:1 match of this gift (配捐), still standing" })
  matchedFen(@Parent() donation: DonationObject, @Context() ctx: GraphqlContext): Promise<number> {
    return this.loaders(ctx).matchedFen.load(donation.id);
  }

  private loaders(ctx: GraphqlContext) {
    return donationLoaders(ctx, {
      campaigns: this.campaigns,
      organizations: this.organizations,
      donations: this.donations,
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page cursor: the last row's id, opaque to the console. */
function decodeCursor(text: string): DonationCursor {
  if (!UUID.test(text)) throw new InputError('before', '不是上一页返回的 nextBefore');
  return text;
}
