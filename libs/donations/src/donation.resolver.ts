import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignObject, CampaignService } from '@shanchou/campaigns';
import { InputError, NotFoundError } from '@shanchou/core';
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
import { DonationService } from './donation.service';
import {
  CreateDonationInput,
  DonationCheckoutObject,
  DonationObject,
  ReceiptArgs,
  RefundArgs,
} from './dto/donation.objects';

@Resolver(() => DonationObject)
export class DonationResolver {
  constructor(
    private readonly donations: DonationService,
    private readonly campaigns: CampaignService,
    private readonly throttle: CheckoutThrottle,
  ) {}

  @Allow({ donor: true })
  @Mutation(() => DonationCheckoutObject, { description: 'A PENDING donation and the parameters to pay it in WeChat' })
  async createDonation(
    @Args('input') input: CreateDonationInput,
    @CurrentDonor() donor: DonorPrincipal,
    @ClientAddress() address: string,
  ): Promise<DonationCheckoutObject> {
    await this.throttle.admit(donor.donorId, address);
    if (input.organizationId)
      throw new InputError('input.organizationId', 'organisations come with a later release; leave it out');
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
    return DonationObject.from(await this.donations.refund(me, receiptNo, reason));
  }

  @Allow({ donor: true })
  @Query(() => [DonationObject])
  async myDonations(@CurrentDonor() donor: DonorPrincipal): Promise<DonationObject[]> {
    return (await this.donations.ofDonor(donor.donorId)).map((d) => DonationObject.from(d));
  }

  @ResolveField(() => CampaignObject)
  async campaign(@Parent() donation: DonationObject): Promise<CampaignObject> {
    return CampaignObject.from(await this.campaigns.requireById(donation.campaignId));
  }
}
