import { Injectable } from '@nestjs/common';
import { ConflictError, InputError, InvalidTransitionError, NotFoundError, Transactions, yuan } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { AuditAction, AuditService, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { CampaignKind, CampaignStatus, DEFAULT_MAX_FEN, DEFAULT_MIN_FEN, PARTY_DUES_FEN } from './campaign-kind';
import { CampaignEntity } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';

export interface NewCampaign {
  slug: string;
  kind: CampaignKind;
  title: string;
  story?: string | null;
  goalFen?: number | null;
  suggestedAmountsFen?: number[];
  minAmountFen?: number;
  maxAmountFen?: number;
  startsAt?: Date | null;
  endsAt?: Date | null;
  regionCode?: string | null;
  /** Campaign-image files (POST /files). */
  coverImageId?: string | null;
  imageIds?: string[];
}

export type CampaignChanges = Partial<
  Pick<NewCampaign, 'title' | 'story' | 'goalFen' | 'suggestedAmountsFen' | 'endsAt' | 'coverImageId' | 'imageIds'>
>;

/** The most images a campaign's gallery holds. */
export const CAMPAIGN_IMAGES_MAX = 20;

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;

/** Campaigns: their rules for gifts, their life (DRAFT → ACTIVE → CLOSED), their totals. */
@Injectable()
export class CampaignService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly files: FilesService,
  ) {}

  list(status?: CampaignStatus): Promise<CampaignEntity[]> {
    return this.campaigns.list({ status });
  }

  bySlug(slug: string): Promise<CampaignEntity | null> {
    return this.campaigns.bySlug(slug);
  }

  byIds(ids: readonly string[]): Promise<CampaignEntity[]> {
    return this.campaigns.byIds(ids);
  }

  /** Inside a transaction, pass its manager: a second connection would wait on the first. */
  async requireById(id: string, field = 'campaignId', tx?: EntityManager): Promise<CampaignEntity> {
    const campaign = await this.campaigns.byId(id, tx);
    if (!campaign) throw new NotFoundError('Campaign', id, field);
    return campaign;
  }

  /**
   * Would this campaign take a gift of `amountFen` now? BAD_USER_INPUT naming the rule if not.
   */
  assertAccepts(campaign: CampaignEntity, amountFen: number, now = new Date()): void {
    const field = 'input.amountFen';
    if (campaign.status !== CampaignStatus.ACTIVE) {
      throw new InputError(
        'input.campaignId',
        `项目「${campaign.title}」${campaign.status === CampaignStatus.CLOSED ? '已结束' : '尚未开始'}，现在不接受捐赠`,
      );
    }
    if ((campaign.startsAt && now < campaign.startsAt) || (campaign.endsAt && now >= campaign.endsAt)) {
      throw new InputError('input.campaignId', `项目「${campaign.title}」只在募捐期内接受捐赠`);
    }
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
      throw new InputError(field, '捐赠金额须为大于 0 的整数（单位：分）');
    if (campaign.fixedAmountFen !== null && amountFen !== Number(campaign.fixedAmountFen)) {
      throw new InputError(field, `「${campaign.title}」每笔固定为 ${yuan(campaign.fixedAmountFen)} 元`);
    }
    if (amountFen < Number(campaign.minAmountFen))
      throw new InputError(field, `捐赠金额最少 ${yuan(campaign.minAmountFen)} 元`);
    if (amountFen > Number(campaign.maxAmountFen))
      throw new InputError(field, `单笔捐赠最多 ${yuan(campaign.maxAmountFen)} 元`);
  }

  /** Adds a paid gift (or takes a refunded one off, with negative values) in the caller's transaction. */
  async credit(tx: EntityManager, campaignId: string, amountFen: number, gifts: number): Promise<void> {
    await this.campaigns.credit(tx, campaignId, amountFen, gifts);
  }

  async create(actor: StaffPrincipal, input: NewCampaign): Promise<CampaignEntity> {
    const fields = { ...(await this.validate(input)), ...(await this.images(actor, input)) };
    if (await this.bySlug(input.slug))
      throw new ConflictError(`input.slug: 项目网址标识 ${input.slug} 已被占用，请换一个`, 'input.slug');
    return this.transactions.run(async (tx) => {
      const created = await this.campaigns.insert(tx, fields);
      await this.audit.record(tx, actor, {
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: created.id,
        regionId: fields.regionId ?? actor.regionId,
        input: { ...input },
      });
      return created;
    });
  }

  async update(actor: StaffPrincipal, id: string, changes: CampaignChanges): Promise<CampaignEntity> {
    return this.change(actor, id, 'campaign.update', { ...changes }, async (tx, campaign) => {
      if (campaign.status === CampaignStatus.CLOSED)
        throw new InvalidTransitionError(`项目「${campaign.title}」已结束，不能再修改`);
      if (changes.title !== undefined && !changes.title.trim()) throw new InputError('input.title', '项目名称不能为空');
      if (changes.goalFen != null && (!Number.isSafeInteger(changes.goalFen) || changes.goalFen <= 0))
        throw new InputError('input.goalFen', '目标金额须为大于 0 的整数（单位：分）');
      if (changes.suggestedAmountsFen)
        this.checkSuggested(changes.suggestedAmountsFen, Number(campaign.minAmountFen), Number(campaign.maxAmountFen));
      const images = await this.images(actor, changes, tx);
      await this.campaigns.update(tx, id, {
        ...images,
        ...(changes.title !== undefined ? { title: changes.title.trim() } : {}),
        ...(changes.story !== undefined ? { story: changes.story } : {}),
        ...(changes.goalFen !== undefined
          ? { goalFen: changes.goalFen === null ? null : String(changes.goalFen) }
          : {}),
        ...(changes.suggestedAmountsFen ? { suggestedAmountsFen: changes.suggestedAmountsFen.map(String) } : {}),
        ...(changes.endsAt !== undefined ? { endsAt: changes.endsAt } : {}),
      });
    });
  }

  activate(actor: StaffPrincipal, id: string): Promise<CampaignEntity> {
    return this.change(actor, id, 'campaign.activate', {}, async (tx, campaign) => {
      if (campaign.status !== CampaignStatus.DRAFT)
        throw new InvalidTransitionError(
          `项目「${campaign.title}」${campaign.status === CampaignStatus.ACTIVE ? '已在募捐中' : '已结束'}：只有草稿可以开始募捐`,
        );
      await this.campaigns.update(tx, id, { status: CampaignStatus.ACTIVE });
    });
  }

  close(actor: StaffPrincipal, id: string): Promise<CampaignEntity> {
    return this.change(actor, id, 'campaign.close', {}, async (tx, campaign) => {
      if (campaign.status === CampaignStatus.CLOSED)
        throw new InvalidTransitionError(`项目「${campaign.title}」已经结束了`);
      await this.campaigns.update(tx, id, { status: CampaignStatus.CLOSED });
    });
  }

  /** For the demo seed: creates campaigns by slug, ACTIVE, if they do not exist. Idempotent. */
  async provision(campaigns: NewCampaign[]): Promise<number> {
    let created = 0;
    for (const input of campaigns) {
      if (await this.bySlug(input.slug)) continue;
      const fields = await this.validate(input);
      await this.transactions.run((tx) => this.campaigns.insert(tx, { ...fields, status: CampaignStatus.ACTIVE }));
      created++;
    }
    return created;
  }

  private async change(
    actor: StaffPrincipal,
    id: string,
    action: AuditAction,
    input: Record<string, unknown>,
    apply: (tx: EntityManager, campaign: CampaignEntity) => Promise<void>,
  ): Promise<CampaignEntity> {
    return this.transactions.run(async (tx) => {
      const campaign = await this.campaigns.lock(tx, id);
      if (!campaign) throw new NotFoundError('Campaign', id, 'campaignId');
      await apply(tx, campaign);
      await this.audit.record(tx, actor, {
        action,
        targetType: 'campaign',
        targetId: id,
        regionId: campaign.regionId ?? actor.regionId,
        input: { campaignId: id, ...input },
      });
      return this.campaigns.reread(tx, id);
    });
  }

  private async validate(input: NewCampaign): Promise<Partial<CampaignEntity>> {
    if (!SLUG_PATTERN.test(input.slug))
      throw new InputError('input.slug', '项目网址标识须为 3 到 64 个小写字母、数字或 “-”，且不以 “-” 开头或结尾');
    if (!input.title.trim()) throw new InputError('input.title', '项目名称不能为空');
    const min = input.minAmountFen ?? DEFAULT_MIN_FEN;
    const max = input.maxAmountFen ?? DEFAULT_MAX_FEN;
    if (!Number.isSafeInteger(min) || min < 1)
      throw new InputError('input.minAmountFen', '最低金额须为大于 0 的整数（单位：分）');
    if (!Number.isSafeInteger(max) || max < min)
      throw new InputError('input.maxAmountFen', '最高金额须为整数（单位：分），且不低于最低金额');
    if (input.goalFen != null && (!Number.isSafeInteger(input.goalFen) || input.goalFen <= 0))
      throw new InputError('input.goalFen', '目标金额须为大于 0 的整数（单位：分）');
    if (input.startsAt && input.endsAt && input.endsAt <= input.startsAt)
      throw new InputError('input.endsAt', '结束时间须晚于开始时间');
    const suggested = input.suggestedAmountsFen ?? [];
    this.checkSuggested(suggested, min, max);
    let regionId: string | null = null;
    if (input.regionCode) regionId = (await this.regions.requireByCode(input.regionCode, 'input.regionCode')).id;
    else if (input.kind === CampaignKind.PROJECT)
      throw new InputError('input.regionCode', '定向项目（PROJECT）须选择它帮扶的地区');
    const partyDues = input.kind === CampaignKind.PARTY_DUES;
    return {
      slug: input.slug,
      kind: input.kind,
      title: input.title.trim(),
      story: input.story ?? null,
      goalFen: input.goalFen == null ? null : String(input.goalFen),
      fixedAmountFen: partyDues ? String(PARTY_DUES_FEN) : null,
      suggestedAmountsFen: partyDues ? [] : suggested.map(String),
      minAmountFen: String(partyDues ? PARTY_DUES_FEN : min),
      maxAmountFen: String(partyDues ? PARTY_DUES_FEN : max),
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      regionId,
    };
  }

  /** The cover and gallery a client named, each a campaign-image file: only what was given. */
  private async images(
    actor: StaffPrincipal,
    input: Pick<NewCampaign, 'coverImageId' | 'imageIds'>,
    tx?: EntityManager,
  ): Promise<Partial<Pick<CampaignEntity, 'coverImageId' | 'imageIds'>>> {
    const scope = RegionScope.of(actor);
    const out: Partial<Pick<CampaignEntity, 'coverImageId' | 'imageIds'>> = {};
    if (input.coverImageId !== undefined) {
      out.coverImageId = input.coverImageId;
      if (input.coverImageId !== null)
        await this.files.requireFiles(
          scope,
          [input.coverImageId],
          [FilePurpose.CAMPAIGN_IMAGE],
          'input.coverImageId',
          tx,
        );
    }
    if (input.imageIds !== undefined && input.imageIds !== null) {
      if (input.imageIds.length > CAMPAIGN_IMAGES_MAX)
        throw new InputError('input.imageIds', `相册最多 ${CAMPAIGN_IMAGES_MAX} 张图片`);
      await this.files.requireFiles(scope, input.imageIds, [FilePurpose.CAMPAIGN_IMAGE], 'input.imageIds', tx);
      out.imageIds = [...input.imageIds];
    }
    return out;
  }

  private checkSuggested(amounts: number[], min: number, max: number): void {
    amounts.forEach((a, i) => {
      if (!Number.isSafeInteger(a) || a < min || a > max)
        throw new InputError(
          `input.suggestedAmountsFen[${i}]`,
          `建议金额须在 ${yuan(min)} 元到 ${yuan(max)} 元之间（以分为单位的整数）`,
        );
    });
  }
}
