import { Injectable } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { Allow, ANY_STAFF, CurrentDonor, CurrentStaff, DonorPrincipal, Role, StaffPrincipal } from '@shanchou/identity';
import DataLoader from 'dataloader';
import { DonationObject } from './dto/donation.objects';
import {
  IssueOfficialReceiptArgs,
  OfficialReceiptRequestObject,
  OfficialReceiptRequestsArgs,
  RefuseOfficialReceiptArgs,
  RemittanceReceiptArgs,
  RequestOfficialReceiptInput,
} from './dto/official-receipt.objects';
import { RemittanceObject } from './dto/remittance.objects';
import { OfficialReceiptRequestEntity } from './official-receipt.entity';
import { OfficialReceiptService } from './official-receipt.service';

/**
 * A request as GraphQL shows it, with a signed address of its file: hand it only to callers who
 * may read the request (every path here is scoped: the donor's own gift, staff in scope).
 */
@Injectable()
export class OfficialReceiptViews {
  constructor(private readonly files: FilesService) {}

  of(r: OfficialReceiptRequestEntity): OfficialReceiptRequestObject {
    const url = r.fileId
      ? this.files.signedUrlOf({ id: r.fileId, sha256: '', ext: '', purpose: FilePurpose.OFFICIAL_RECEIPT })
      : null;
    return OfficialReceiptRequestObject.from(r, url);
  }

  ofMaybe(r: OfficialReceiptRequestEntity | undefined): OfficialReceiptRequestObject | null {
    return r ? this.of(r) : null;
  }
}

@Resolver(() => OfficialReceiptRequestObject)
export class OfficialReceiptResolver {
  constructor(
    private readonly receipts: OfficialReceiptService,
    private readonly views: OfficialReceiptViews,
  ) {}

  @Allow({ donor: true })
  @Mutation(() => OfficialReceiptRequestObject, {
    description: '申请公益事业捐赠票据 for your own paid gift (a WeChat gift, or an offline one found by your phone)',
  })
  async requestOfficialReceipt(
    @Args('input') input: RequestOfficialReceiptInput,
    @CurrentDonor() donor: DonorPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.requestForGift(donor, input.receiptNo, input));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] })
  @Mutation(() => OfficialReceiptRequestObject, {
    description: 'A unit’s request for one 票据 covering its whole confirmed remittance, recorded by staff in scope',
  })
  async requestRemittanceReceipt(
    @Args() { remittanceId, input }: RemittanceReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.requestForRemittance(actor, remittanceId, input));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => OfficialReceiptRequestObject, { description: '开具: the 票据’s number and its scan' })
  async issueOfficialReceipt(
    @Args() { requestId, officialReceiptNo, fileId }: IssueOfficialReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.issue(actor, requestId, officialReceiptNo, fileId));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => OfficialReceiptRequestObject, { description: '不予开具, with the reason the one who asked reads' })
  async refuseOfficialReceipt(
    @Args() { requestId, reason }: RefuseOfficialReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.refuse(actor, requestId, reason));
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [OfficialReceiptRequestObject], {
    description: 'Requests of the caller’s scope: those waiting first (oldest first), then the rest newest first',
  })
  async officialReceiptRequests(
    @Args() { status, first }: OfficialReceiptRequestsArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject[]> {
    return (await this.receipts.list(actor, status, first ?? undefined)).map((r) => this.views.of(r));
  }
}

/** 票据 on a gift (its donor, or staff) and on a remittance (staff in scope). */
@Resolver(() => DonationObject)
export class DonationOfficialReceiptResolver {
  constructor(
    private readonly receipts: OfficialReceiptService,
    private readonly views: OfficialReceiptViews,
  ) {}

  @ResolveField(() => OfficialReceiptRequestObject, {
    nullable: true,
    description:
      'Its latest 公益事业捐赠票据 request, if any (a gift inside a unit’s receipted remittance: see the remittance)',
  })
  async officialReceipt(
    @Parent() donation: DonationObject,
    @Context() ctx: GraphqlContext,
  ): Promise<OfficialReceiptRequestObject | null> {
    const loader = ctx.loaders.get(
      'donation.officialReceipt',
      () =>
        new DataLoader<string, OfficialReceiptRequestEntity | undefined>(async (ids) => {
          const latest = await this.receipts.latestOfDonations(ids);
          return ids.map((id) => latest.get(id));
        }),
    );
    return this.views.ofMaybe(await loader.load(donation.id));
  }
}

@Resolver(() => RemittanceObject)
export class RemittanceOfficialReceiptResolver {
  constructor(
    private readonly receipts: OfficialReceiptService,
    private readonly views: OfficialReceiptViews,
  ) {}

  @ResolveField(() => OfficialReceiptRequestObject, {
    nullable: true,
    description: 'The unit’s latest request for one 票据 covering the whole remittance, if any',
  })
  async officialReceipt(
    @Parent() remittance: RemittanceObject,
    @Context() ctx: GraphqlContext,
  ): Promise<OfficialReceiptRequestObject | null> {
    const loader = ctx.loaders.get(
      'remittance.officialReceipt',
      () =>
        new DataLoader<string, OfficialReceiptRequestEntity | undefined>(async (ids) => {
          const latest = await this.receipts.latestOfRemittances(ids);
          return ids.map((id) => latest.get(id));
        }),
    );
    return this.views.ofMaybe(await loader.load(remittance.id));
  }
}
