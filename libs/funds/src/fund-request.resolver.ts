import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CampaignObject, CampaignService } from '@shanchou/campaigns';
import { GraphqlContext, groupBy, indexBy } from '@shanchou/core';
import {
  Allow,
  ANY_STAFF,
  CHANGING_STAFF,
  ClientAddress,
  CurrentPrincipal,
  CurrentStaff,
  Principal,
  Public,
  RegionScope,
  Role,
  StaffNotFoundError,
  StaffPrincipal,
  StaffService,
} from '@shanchou/identity';
import { RegionObject, regionLoaders, RegionService } from '@shanchou/regions';
import { maskName } from '@shanchou/core';
import DataLoader from 'dataloader';
import {
  AcceptFundRequestArgs,
  AnswerObjectionArgs,
  ApproveFundRequestArgs,
  DisburseFundRequestArgs,
  FileFundRequestInput,
  FundRequestIdArgs,
  FundRequestsArgs,
  ObjectToFundRequestArgs,
  PublicizeFundRequestArgs,
  RejectFundRequestArgs,
  ReviewFundRequestArgs,
} from './dto/fund-request.inputs';
import {
  FundAudience,
  FundObjectionReceiptObject,
  FundRequestObject,
  FundRequestObjectionObject,
  FundRequestStepObject,
} from './dto/fund-request.objects';
import { FundRequestEntity } from './fund-request.entities';
import { FundRequestRepository } from './fund-request.repository';
import { FundRequestService } from './fund-request.service';
import { GATE_NAME } from './fund-request-status';

const ADMIN = { staff: [Role.DISTRICT_ADMIN] };

/** 六道关口: thin — who may call, the validated input, the request as the caller may see it. */
@Resolver(() => FundRequestObject)
export class FundRequestResolver {
  constructor(
    private readonly service: FundRequestService,
    private readonly repo: FundRequestRepository,
    private readonly campaigns: CampaignService,
    private readonly regions: RegionService,
    private readonly staff: StaffService,
  ) {}

  @Allow({ staff: ANY_STAFF })
  @Query(() => [FundRequestObject], { description: 'Fund requests of regions inside your scope, newest first' })
  async fundRequests(
    @Args() { status, first, before }: FundRequestsArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<FundRequestObject[]> {
    return this.present(
      await this.service.list(RegionScope.of(me), status ?? [], { first: first ?? 50, before }),
      'staff',
    );
  }

  @Allow({ staff: ANY_STAFF })
  @Query(() => FundRequestObject, { description: 'One fund request inside your scope' })
  async fundRequest(@Args() { fundRequestId }: FundRequestIdArgs, @CurrentStaff() me: StaffPrincipal) {
    return this.one(await this.service.get(RegionScope.of(me), fundRequestId));
  }

  @Public()
  @Query(() => [FundRequestObject], {
    description: '公示: the requests on public notice now, with the supervision phone; actors masked, nothing personal',
  })
  async fundRequestNotices(): Promise<FundRequestObject[]> {
    return this.present(await this.service.notices(), 'public');
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => FundRequestObject, { description: '上报: staff of the region or above, for a region in their scope' })
  async fileFundRequest(@Args('input') input: FileFundRequestInput, @CurrentStaff() me: StaffPrincipal) {
    return this.one(await this.service.file(me, input));
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObject, { description: '评议: a district admin, with notes (FILED → REVIEWED)' })
  async reviewFundRequest(@Args() { fundRequestId, note }: ReviewFundRequestArgs, @CurrentStaff() me: StaffPrincipal) {
    return this.one(await this.service.review(me, fundRequestId, note));
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObject, {
    description: '公示: on public notice for 1-30 days, publicUntil = now + days (REVIEWED → PUBLICIZED)',
  })
  async publicizeFundRequest(
    @Args() { fundRequestId, days }: PublicizeFundRequestArgs,
    @CurrentStaff() me: StaffPrincipal,
  ) {
    return this.one(await this.service.publicize(me, fundRequestId, days));
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObject, {
    description:
      '审批: a district admin other than the filer and the reviewer, after publicUntil, every objection answered (PUBLICIZED → APPROVED)',
  })
  async approveFundRequest(
    @Args() { fundRequestId, note }: ApproveFundRequestArgs,
    @CurrentStaff() me: StaffPrincipal,
  ) {
    return this.one(await this.service.approve(me, fundRequestId, note));
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObject, {
    description:
      '报账: appends DISBURSEMENT to the public ledger (payee masked unless an ORGANIZATION); CONFLICT if it would overdraw (APPROVED → DISBURSED)',
  })
  async disburseFundRequest(@Args() args: DisburseFundRequestArgs, @CurrentStaff() me: StaffPrincipal) {
    const { fundRequestId, ...input } = args;
    return this.one((await this.service.disburse(me, fundRequestId, input)).request);
  }

  @Allow({ staff: CHANGING_STAFF })
  @Mutation(() => FundRequestObject, { description: '验收: a note and photos (DISBURSED → ACCEPTED)' })
  async acceptFundRequest(
    @Args() { fundRequestId, note, attachmentIds }: AcceptFundRequestArgs,
    @CurrentStaff() me: StaffPrincipal,
  ) {
    return this.one(await this.service.accept(me, fundRequestId, note, attachmentIds));
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObject, { description: '驳回: at any gate before 报账, with the reason' })
  async rejectFundRequest(
    @Args() { fundRequestId, reason }: RejectFundRequestArgs,
    @CurrentStaff() me: StaffPrincipal,
  ) {
    return this.one(await this.service.reject(me, fundRequestId, reason));
  }

  @Public()
  @Mutation(() => FundObjectionReceiptObject, {
    description:
      '异议: anyone, while the request is on notice (5 per address per 10 minutes); staff signed in record a call to the supervision phone the same way',
  })
  async objectToFundRequest(
    @Args() { fundRequestId, text, phone }: ObjectToFundRequestArgs,
    @CurrentPrincipal() principal: Principal | null,
    @ClientAddress() address: string,
  ): Promise<FundObjectionReceiptObject> {
    const staff = principal?.kind === 'staff' ? principal : null;
    const saved = await this.service.object(fundRequestId, { text, phone }, { address, staff });
    return Object.assign(new FundObjectionReceiptObject(), {
      id: saved.id,
      receivedAt: saved.createdAt,
      supervisionPhone: this.service.supervisionPhone,
    });
  }

  @Allow(ADMIN)
  @Mutation(() => FundRequestObjectionObject, {
    description: 'Answers (or notes) an objection; approval waits for all',
  })
  async answerFundRequestObjection(
    @Args() { objectionId, answer }: AnswerObjectionArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<FundRequestObjectionObject> {
    return FundRequestObjectionObject.from(await this.service.answerObjection(me, objectionId, answer));
  }

  @ResolveField(() => CampaignObject)
  async campaign(@Parent() request: FundRequestObject, @Context() ctx: GraphqlContext): Promise<CampaignObject> {
    const campaign = await ctx.loaders
      .get(
        'funds.campaign',
        () =>
          new DataLoader(async (ids: readonly string[]) => indexBy(ids, await this.campaigns.byIds(ids), (c) => c.id)),
      )
      .load(request.campaignId);
    if (!campaign) throw new Error(`fund request ${request.id} has no campaign`);
    return CampaignObject.from(campaign);
  }

  @ResolveField(() => RegionObject, { description: 'The region the money is for' })
  async region(@Parent() request: FundRequestObject, @Context() ctx: GraphqlContext): Promise<RegionObject> {
    const region = await regionLoaders(ctx, this.regions).byId.load(request.regionId);
    if (!region) throw new Error(`fund request ${request.id} has no region`);
    return RegionObject.from(region);
  }

  @ResolveField(() => [FundRequestStepObject], {
    description: 'Every gate passed, oldest first; the actor masked (王*) in public and outside your scope',
  })
  async history(
    @Parent() request: FundRequestObject,
    @Context() ctx: GraphqlContext,
    @CurrentPrincipal() principal: Principal | null,
  ): Promise<FundRequestStepObject[]> {
    const steps = await ctx.loaders
      .get(
        'funds.steps',
        () =>
          new DataLoader(async (ids: readonly string[]) =>
            groupBy(ids, await this.repo.stepsOf(ids), (s) => s.fundRequestId),
          ),
      )
      .load(request.id);
    const scope = request.audience === 'staff' && principal?.kind === 'staff' ? RegionScope.of(principal) : null;
    const shown = await Promise.all(
      steps.map((s) => (scope ? this.actorInScope(ctx, scope).load(s.actorStaffId) : Promise.resolve(false))),
    );
    return steps.map((s, i) =>
      Object.assign(new FundRequestStepObject(), {
        at: s.at,
        gate: GATE_NAME[s.status],
        status: s.status,
        actor: shown[i] ? s.actorName : maskName(s.actorName),
        note: s.note,
      }),
    );
  }

  @ResolveField(() => [FundRequestObjectionObject], {
    description: '异议 raised during 公示 (staff only; none in public)',
  })
  async objections(
    @Parent() request: FundRequestObject,
    @Context() ctx: GraphqlContext,
  ): Promise<FundRequestObjectionObject[]> {
    if (request.audience !== 'staff') return [];
    const rows = await ctx.loaders
      .get(
        'funds.objections',
        () =>
          new DataLoader(async (ids: readonly string[]) =>
            groupBy(ids, await this.repo.objectionsOf(ids), (o) => o.fundRequestId),
          ),
      )
      .load(request.id);
    return rows.map((o) => FundRequestObjectionObject.from(o));
  }

  @ResolveField(() => [String], { description: 'Files attached at the gates (staff only; none in public)' })
  async attachmentIds(@Parent() request: FundRequestObject, @Context() ctx: GraphqlContext): Promise<string[]> {
    if (request.audience !== 'staff') return [];
    const rows = await ctx.loaders
      .get(
        'funds.attachments',
        () =>
          new DataLoader(async (ids: readonly string[]) =>
            groupBy(ids, await this.repo.attachmentsOf(ids), (a) => a.fundRequestId),
          ),
      )
      .load(request.id);
    return rows.map((a) => a.fileId);
  }

  /** Whether a staff member lies inside the caller's scope: only then is their name shown in full. */
  private actorInScope(ctx: GraphqlContext, scope: RegionScope): DataLoader<string, boolean> {
    return ctx.loaders.get(
      'funds.actorInScope',
      () =>
        new DataLoader<string, boolean>((ids) =>
          Promise.all(
            ids.map((id) =>
              this.staff.get(scope, id).then(
                () => true,
                (err: unknown) => {
                  if (err instanceof StaffNotFoundError) return false;
                  throw err;
                },
              ),
            ),
          ),
        ),
    );
  }

  private one(request: FundRequestEntity): FundRequestObject {
    return FundRequestObject.from(request, 'staff', this.service.supervisionPhone);
  }

  private present(requests: FundRequestEntity[], audience: FundAudience): FundRequestObject[] {
    return requests.map((r) => FundRequestObject.from(r, audience, this.service.supervisionPhone));
  }
}
