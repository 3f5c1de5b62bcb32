import { Injectable } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
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
} from '@shanchou/identity';
import { maskDonor } from '@shanchou/ledger';
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
 * may read the request (every path here is scoped: the donor's own gift, staff in scope). A
 * person's request carries personal data (their name as the 抬头, a tax number, an email, the
 * 票据 itself): only its donor and a district admin read those; other staff see the name masked
 * (张*) and the rest not at all. A unit's request for its remittance is the unit's, not a person's.
 */
@Injectable()
export class OfficialReceiptViews {
  constructor(private readonly files: FilesService) {}

  of(r: OfficialReceiptRequestEntity, viewer: Principal): OfficialReceiptRequestObject {
    const personal = r.donationId !== null;
    const full = !personal || viewer.kind === 'donor' || viewer.role === Role.DISTRICT_ADMIN;
    const url =
      r.fileId && full
        ? this.files.signedUrlOf({ id: r.fileId, sha256: '', ext: '', purpose: FilePurpose.OFFICIAL_RECEIPT })
        : null;
    const view = OfficialReceiptRequestObject.from(r, url);
    return full ? view : Object.assign(view, { title: maskDonor(r.title), taxId: null, email: null });
  }

  ofMaybe(r: OfficialReceiptRequestEntity | undefined, viewer: Principal): OfficialReceiptRequestObject | null {
    return r ? this.of(r, viewer) : null;
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
    return this.views.of(await this.receipts.requestForGift(donor, input.receiptNo, input), donor);
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.TOWN_OPERATOR] })
  @Mutation(() => OfficialReceiptRequestObject, {
    description: 'A unit’s request for one 票据 covering its whole confirmed remittance, recorded by staff in scope',
  })
  async requestRemittanceReceipt(
    @Args() { remittanceId, input }: RemittanceReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.requestForRemittance(actor, remittanceId, input), actor);
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => OfficialReceiptRequestObject, { description: '开具: the 票据’s number and its scan' })
  async issueOfficialReceipt(
    @Args() { requestId, officialReceiptNo, fileId }: IssueOfficialReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.issue(actor, requestId, officialReceiptNo, fileId), actor);
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => OfficialReceiptRequestObject, { description: '不予开具, with the reason the one who asked reads' })
  async refuseOfficialReceipt(
    @Args() { requestId, reason }: RefuseOfficialReceiptArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject> {
    return this.views.of(await this.receipts.refuse(actor, requestId, reason), actor);
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => [OfficialReceiptRequestObject], {
    description: 'Requests of the caller’s scope: those waiting first (oldest first), then the rest newest first',
  })
  async officialReceiptRequests(
    @Args() { status, first }: OfficialReceiptRequestsArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<OfficialReceiptRequestObject[]> {
    return (await this.receipts.list(actor, status, first ?? undefined)).map((r) => this.views.of(r, actor));
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
    @CurrentPrincipal() viewer: Principal,
  ): Promise<OfficialReceiptRequestObject | null> {
    const loader = ctx.loaders.get(
      'donation.officialReceipt',
      () =>
        new DataLoader<string, OfficialReceiptRequestEntity | undefined>(async (ids) => {
          const latest = await this.receipts.latestOfDonations(ids);
          return ids.map((id) => latest.get(id));
        }),
    );
    return this.views.ofMaybe(await loader.load(donation.id), viewer);
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
    @CurrentPrincipal() viewer: Principal,
  ): Promise<OfficialReceiptRequestObject | null> {
    const loader = ctx.loaders.get(
      'remittance.officialReceipt',
      () =>
        new DataLoader<string, OfficialReceiptRequestEntity | undefined>(async (ids) => {
          const latest = await this.receipts.latestOfRemittances(ids);
          return ids.map((id) => latest.get(id));
        }),
    );
    return this.views.ofMaybe(await loader.load(remittance.id), viewer);
  }
}
