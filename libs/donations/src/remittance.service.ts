import { Injectable } from '@nestjs/common';
import {
  CampaignEntity,
  CampaignService,
  CampaignStatus,
  MatchingService,
  OrganizationEntity,
  OrganizationService,
} from '@shanchou/campaigns';
import {
  AppConfig,
  ConflictError,
  ForbiddenError,
  InputError,
  InvalidTransitionError,
  NotFoundError,
  Transactions,
  yuan,
} from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import {
  AuditService,
  KeptPhone,
  PhoneIndex,
  PhoneVerificationService,
  RegionScope,
  Role,
  StaffPrincipal,
  StaffService,
} from '@shanchou/identity';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { EntityManager } from 'typeorm';
import { businessDateOf, businessDayBounds, isBusinessDate } from './business-day';
import { DonationEntity, giverOf } from './donation.entity';
import { DONATION_CHANNEL_LABELS, DonationChannel, OFFLINE_CHANNELS } from './donation-channel';
import { DONATION_OWNER } from './donation-ledger-owners';
import { DonationRepository } from './donation.repository';
import { newReceiptNo } from './donation.service';
import { DonationStatus } from './donation-status';
import { RemittanceEntity, RemittanceLineEntity, RemittanceStatus } from './remittance.entities';
import { MatchEntries } from './match-entries';
import { NewRemittanceLineRow, RemittanceRepository } from './remittance.repository';

/** The most lines one remittance is split into (a large unit's whole staff). */
export const MAX_REMITTANCE_LINES = 5000;

export interface NewRemittanceLine {
  /** The member's name as the unit reported it; none (and not anonymous) for the unit's own gift. */
  name?: string | null;
  anonymous?: boolean | null;
  amountFen: number;
  /** The member's mobile, if the unit reported it: whoever proves it by SMS finds the gift. */
  phone?: string | null;
}

export interface NewRemittance {
  organizationId: string;
  campaignId: string;
  amountFen: number;
  channel: string;
  receivedOn: string;
  reference: string;
  voucherFileId: string;
  lines: readonly NewRemittanceLine[];
}

/** How an offline gift was taken, as its receipt prints it. */
export interface OfflineRecord {
  receivedOn: string;
  reference: string;
  /** The display name of the staff member who recorded it (经办人). */
  recordedBy: string;
}

export interface NewOfflineGift {
  campaignId: string;
  amountFen: number;
  channel: string;
  receivedOn: string;
  /** The number on the voucher: the cash receipt stub, the transfer's 流水号, the cheque's number. */
  reference: string;
  voucherFileId: string;
  /** The giver as they gave their name; none only when they chose to stay anonymous. */
  name?: string | null;
  anonymous?: boolean | null;
  message?: string | null;
  /** Given on behalf of a unit or branch in the recorder's scope, if they said so. */
  organizationId?: string | null;
  /** The giver's mobile, if they want to find the gift in 我的捐赠 once they prove the number. */
  phone?: string | null;
}

/**
 * 线下汇款: what a work unit or party branch collected and remitted itself, recorded by staff with
 * its voucher, split into gifts as the unit reported them. Its gifts count like any other (the
 * campaign's total, the unit's participation and ranking, the public ledger's DONATION entries with
 * the channel in the memo) once it is confirmed: at once up to OFFLINE_SECOND_PERSON_FEN, by a
 * second district admin above it.
 */
@Injectable()
export class RemittanceService {
  constructor(
    private readonly remittances: RemittanceRepository,
    private readonly donations: DonationRepository,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
    private readonly matching: MatchingService,
    private readonly matchEntries: MatchEntries,
    private readonly files: FilesService,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
    private readonly phones: PhoneIndex,
    private readonly phoneOwners: PhoneVerificationService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** 录入汇款: staff whose region covers the organisation, with the voucher uploaded first. */
  async record(actor: StaffPrincipal, input: NewRemittance): Promise<RemittanceEntity> {
    const scope = RegionScope.of(actor);
    const channel = offlineChannel(input.channel);
    const amountFen = positiveFen(input.amountFen, 'input.amountFen', '汇款金额');
    const receivedOn = receivedDay(input.receivedOn);
    const reference = referenceOf(input.reference);
    const org = await this.organizations.requireChangeable(scope, input.organizationId, '录入汇款给');
    const campaign = await this.campaigns.requireById(input.campaignId, 'input.campaignId');
    assertTakesOffline(campaign, receivedOn);
    const lines = splitLines(campaign, input.lines, amountFen, this.phones);
    await this.files.requireFiles(scope, [input.voucherFileId], [FilePurpose.ATTACHMENT], 'input.voucherFileId');
    return this.transactions.run(async (tx) => {
      const remittance = await this.insertRemittance(
        tx,
        actor,
        {
          org,
          regionId: org.regionId,
          campaign,
          amountFen,
          channel,
          receivedOn,
          reference,
          voucherFileId: input.voucherFileId,
        },
        lines,
      );
      await this.audit.record(tx, actor, {
        action: 'remittance.record',
        targetType: 'remittance',
        targetId: remittance.id,
        regionId: org.regionId,
        input: {
          organizationId: org.id,
          campaignId: campaign.id,
          amountFen,
          channel,
          receivedOn,
          reference,
          lines: lines.length,
        },
      });
      if (remittance.status === RemittanceStatus.CONFIRMED) await this.credit(tx, remittance, campaign, org);
      return remittance;
    });
  }

  /**
   * 个人线下捐赠: one person's cash, transfer or cheque taken at a centre, by the staff member who
   * took it, with its voucher. The gift and its receipt number exist at once (printed for the giver
   * on the spot); it counts at once up to the threshold, above it once a second district admin
   * confirms its remittance (PENDING until then).
   */
  async recordGift(actor: StaffPrincipal, input: NewOfflineGift): Promise<DonationEntity> {
    const scope = RegionScope.of(actor);
    const channel = offlineChannel(input.channel);
    const amountFen = positiveFen(input.amountFen, 'input.amountFen', '捐赠金额');
    const receivedOn = receivedDay(input.receivedOn);
    const reference = referenceOf(input.reference);
    const name = input.name?.trim() || null;
    const anonymous = input.anonymous ?? false;
    if (!name && !anonymous) throw new InputError('input.name', '请填写捐赠人姓名，或勾选匿名');
    const message = input.message?.trim() || null;
    if (message && [...message].length > 200) throw new InputError('input.message', '留言最长 200 个字');
    const phone = this.phones.keep(input.phone, 'input.phone');
    const org = input.organizationId
      ? await this.organizations.requireChangeable(scope, input.organizationId, '录入捐赠给')
      : null;
    const campaign = await this.campaigns.requireById(input.campaignId, 'input.campaignId');
    assertTakesOffline(campaign, receivedOn);
    if (name && [...name].length > 64) throw new InputError('input.name', '姓名最长 64 个字');
    assertMemberRules(campaign, amountFen, 'input.amountFen', '这笔捐赠');
    await this.files.requireFiles(scope, [input.voucherFileId], [FilePurpose.ATTACHMENT], 'input.voucherFileId');
    return this.transactions.run(async (tx) => {
      const remittance = await this.insertRemittance(
        tx,
        actor,
        {
          org,
          regionId: org?.regionId ?? actor.regionId,
          campaign,
          amountFen,
          channel,
          receivedOn,
          reference,
          voucherFileId: input.voucherFileId,
        },
        [
          {
            line: 1,
            name,
            anonymous,
            amountFen: String(amountFen),
            giverPhoneHash: phone?.hash ?? null,
            giverPhoneMasked: phone?.masked ?? null,
          },
        ],
      );
      // A giver who has already proved the number sees the gift at once.
      const owner = phone ? (await this.phoneOwners.donorsByPhone(tx, [phone.hash])).get(phone.hash) : undefined;
      const gift = await this.donations.insert(tx, {
        receiptNo: newReceiptNo(),
        campaignId: campaign.id,
        donorId: owner ?? null,
        giverPhoneHash: phone?.hash ?? null,
        giverPhoneMasked: phone?.masked ?? null,
        channel,
        remittanceId: remittance.id,
        organizationId: org?.id ?? null,
        amountFen: String(amountFen),
        anonymous,
        donorName: name,
        message,
        status: DonationStatus.PENDING,
      });
      await this.remittances.setLineDonation(tx, remittance.id, 1, gift.id);
      await this.audit.record(tx, actor, {
        action: 'remittance.record_gift',
        targetType: 'remittance',
        targetId: remittance.id,
        regionId: remittance.regionId,
        input: {
          campaignId: campaign.id,
          amountFen,
          channel,
          receivedOn,
          reference,
          receiptNo: gift.receiptNo,
          phone: phone?.masked ?? null,
        },
      });
      if (remittance.status === RemittanceStatus.CONFIRMED) await this.credit(tx, remittance, campaign, org);
      return (await this.donations.lockById(tx, gift.id)) ?? gift;
    });
  }

  /** 复核确认: a district admin other than the one who recorded it; its gifts then count. */
  async confirm(actor: StaffPrincipal, id: string): Promise<RemittanceEntity> {
    const scope = RegionScope.of(actor);
    if (actor.role !== Role.DISTRICT_ADMIN) throw new ForbiddenError('只有区管理员可以复核确认线下汇款');
    return this.transactions.run(async (tx) => {
      const remittance = await this.remittances.lockInScope(tx, scope, id);
      if (!remittance) throw new NotFoundError('Remittance', id, 'id');
      if (remittance.status !== RemittanceStatus.AWAITING_CONFIRMATION)
        throw new InvalidTransitionError(`汇款 ${remittance.reference} 已经确认过，不需要再确认`);
      if (remittance.recordedBy === actor.staffId)
        throw new ForbiddenError(
          `汇款 ${remittance.reference} 超过 ${yuan(remittance.thresholdFen)} 元，须由录入人以外的另一位区管理员复核确认`,
        );
      const campaign = await this.campaigns.requireById(remittance.campaignId, 'campaignId', tx);
      const org = remittance.organizationId
        ? await this.organizations.requireById(remittance.organizationId, 'organizationId', tx)
        : null;
      const at = new Date();
      await this.remittances.confirm(tx, remittance.id, actor.staffId, at);
      await this.audit.record(tx, actor, {
        action: 'remittance.confirm',
        targetType: 'remittance',
        targetId: remittance.id,
        regionId: remittance.regionId,
        input: { reference: remittance.reference, amountFen: Number(remittance.amountFen) },
      });
      await this.credit(tx, remittance, campaign, org);
      return { ...remittance, status: RemittanceStatus.CONFIRMED, confirmedBy: actor.staffId, confirmedAt: at };
    });
  }

  /**
   * 冲正: a remittance found wrong is taken off, never edited (record it again, right, with the same
   * reference). Never confirmed: it is just cancelled. Confirmed: its gifts are reversed by REFUND
   * entries saying 冲正 and why, at once up to its threshold, above it once another district admin
   * confirms the reversal.
   */
  async reverse(actor: StaffPrincipal, id: string, reasonText: string): Promise<RemittanceEntity> {
    const scope = RegionScope.of(actor);
    const reason = (reasonText ?? '').trim();
    if (!reason) throw new InputError('reason', '请写明冲正的原因');
    if ([...reason].length > 200) throw new InputError('reason', '冲正原因最长 200 个字');
    return this.transactions.run(async (tx) => {
      const remittance = await this.remittances.lockInScope(tx, scope, id);
      if (!remittance) throw new NotFoundError('Remittance', id, 'id');
      if (remittance.status === RemittanceStatus.REVERSED)
        throw new InvalidTransitionError(`汇款 ${remittance.reference} 已经冲正`);
      if (remittance.status === RemittanceStatus.AWAITING_REVERSAL)
        throw new InvalidTransitionError(`汇款 ${remittance.reference} 已申请冲正，等待另一位区管理员确认`);
      const now = new Date();
      const counted = remittance.status === RemittanceStatus.CONFIRMED;
      const waits = counted && Number(remittance.amountFen) > Number(remittance.thresholdFen);
      const changes: Partial<RemittanceEntity> = {
        status: waits ? RemittanceStatus.AWAITING_REVERSAL : RemittanceStatus.REVERSED,
        reversalReason: reason,
        reversalRequestedBy: actor.staffId,
        reversalRequestedAt: now,
        ...(waits ? {} : { reversedBy: actor.staffId, reversedAt: now }),
      };
      await this.remittances.update(tx, remittance.id, changes);
      await this.audit.record(tx, actor, {
        action: 'remittance.reverse',
        targetType: 'remittance',
        targetId: remittance.id,
        regionId: remittance.regionId,
        input: { reference: remittance.reference, amountFen: Number(remittance.amountFen), reason },
      });
      if (counted && !waits) await this.takeOff(tx, remittance, reason);
      // One person's gift awaiting its second person: its receipt number stands, the gift never counted.
      if (!counted) await this.cancelPending(tx, remittance.id);
      return { ...remittance, ...changes };
    });
  }

  /** 冲正复核: a district admin other than the one who asked for the reversal carries it out. */
  async confirmReversal(actor: StaffPrincipal, id: string): Promise<RemittanceEntity> {
    const scope = RegionScope.of(actor);
    if (actor.role !== Role.DISTRICT_ADMIN) throw new ForbiddenError('只有区管理员可以复核确认冲正');
    return this.transactions.run(async (tx) => {
      const remittance = await this.remittances.lockInScope(tx, scope, id);
      if (!remittance) throw new NotFoundError('Remittance', id, 'id');
      if (remittance.status !== RemittanceStatus.AWAITING_REVERSAL)
        throw new InvalidTransitionError(`汇款 ${remittance.reference} 没有待确认的冲正`);
      if (remittance.reversalRequestedBy === actor.staffId)
        throw new ForbiddenError(
          `汇款 ${remittance.reference} 超过 ${yuan(remittance.thresholdFen)} 元，冲正须由申请人以外的另一位区管理员确认`,
        );
      const changes = { status: RemittanceStatus.REVERSED, reversedBy: actor.staffId, reversedAt: new Date() };
      await this.remittances.update(tx, remittance.id, changes);
      await this.audit.record(tx, actor, {
        action: 'remittance.confirm_reversal',
        targetType: 'remittance',
        targetId: remittance.id,
        regionId: remittance.regionId,
        input: { reference: remittance.reference, reason: remittance.reversalReason },
      });
      await this.takeOff(tx, remittance, remittance.reversalReason ?? '');
      return { ...remittance, ...changes };
    });
  }

  /** Remittances of the caller's scope, newest first. */
  list(
    actor: StaffPrincipal,
    filter: { campaignId?: string | null; status?: string | null; first?: number | null },
  ): Promise<RemittanceEntity[]> {
    let status: RemittanceStatus | undefined;
    if (filter.status) {
      if (!(Object.values(RemittanceStatus) as string[]).includes(filter.status))
        throw new InputError('status', `状态须为 ${Object.values(RemittanceStatus).join('、')}`);
      status = filter.status as RemittanceStatus;
    }
    const first = Math.min(Math.max(filter.first ?? 50, 1), 200);
    return this.remittances.list(RegionScope.of(actor), { campaignId: filter.campaignId ?? undefined, status }, first);
  }

  /** One remittance of the caller's scope; NOT_FOUND outside it. */
  async byId(actor: StaffPrincipal, id: string): Promise<RemittanceEntity> {
    const found = await this.remittances.inScope(RegionScope.of(actor), id);
    if (!found) throw new NotFoundError('Remittance', id, 'id');
    return found;
  }

  /** Each remittance's lines in line order, for the `lines` field (one query for a page). */
  async linesOf(remittanceIds: readonly string[]): Promise<Map<string, RemittanceLineEntity[]>> {
    const byRemittance = new Map<string, RemittanceLineEntity[]>(remittanceIds.map((id) => [id, []]));
    for (const line of await this.remittances.linesOf(remittanceIds)) byRemittance.get(line.remittanceId)?.push(line);
    return byRemittance;
  }

  /** Each remittance's gifts in line order, for the `gifts` field. */
  /**
   * What a gift's receipt says of how it was taken: the day, the voucher's number and the staff
   * member who recorded it, by remittance id. Unscoped: only for gifts the caller may read.
   */
  async offlineRecordsOf(remittanceIds: readonly string[]): Promise<Map<string, OfflineRecord>> {
    const rows = await this.remittances.byIds(remittanceIds);
    const names = await this.staff.displayNames(rows.map((r) => r.recordedBy));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          receivedOn: r.receivedOn,
          reference: r.reference,
          recordedBy: names.get(r.recordedBy) ?? '（已注销的工作人员）',
        },
      ]),
    );
  }

  async giftsOf(remittanceIds: readonly string[]): Promise<Map<string, DonationEntity[]>> {
    const byRemittance = new Map<string, DonationEntity[]>(remittanceIds.map((id) => [id, []]));
    for (const gift of await this.remittances.gifts(remittanceIds))
      if (gift.remittanceId) byRemittance.get(gift.remittanceId)?.push(gift);
    return byRemittance;
  }

  /** A line's gift PAID: the one written when it was recorded (one person's gift), or a new one. */
  private async giftOf(
    tx: EntityManager,
    remittance: RemittanceEntity,
    line: RemittanceLineEntity,
    org: OrganizationEntity | null,
    paidAt: Date,
    phoneOwners: ReadonlyMap<string, string>,
  ): Promise<DonationEntity> {
    if (line.donationId) {
      const gift = await this.donations.lockById(tx, line.donationId);
      if (!gift) throw new Error(`remittance ${remittance.id} line ${line.line} names a gift that is gone`);
      await this.donations.update(tx, gift.id, { status: DonationStatus.PAID, paidAt });
      return { ...gift, status: DonationStatus.PAID, paidAt };
    }
    const gift = await this.donations.insert(tx, {
      receiptNo: newReceiptNo(),
      campaignId: remittance.campaignId,
      donorId: line.giverPhoneHash ? (phoneOwners.get(line.giverPhoneHash) ?? null) : null,
      giverPhoneHash: line.giverPhoneHash,
      giverPhoneMasked: line.giverPhoneMasked,
      channel: remittance.channel,
      remittanceId: remittance.id,
      organizationId: org?.id ?? null,
      amountFen: line.amountFen,
      anonymous: line.anonymous,
      donorName: line.name ?? org?.name ?? null,
      message: null,
      status: DonationStatus.PAID,
      paidAt,
    });
    await this.remittances.setLineDonation(tx, remittance.id, line.line, gift.id);
    return gift;
  }

  private async cancelPending(tx: EntityManager, remittanceId: string): Promise<void> {
    for (const gift of await this.remittances.lockGifts(tx, remittanceId))
      if (gift.status === DonationStatus.PENDING)
        await this.donations.update(tx, gift.id, { status: DonationStatus.REVERSED });
  }

  /**
   * The remittance and its lines, once: a transfer, a receipt, a cheque is recorded once (a
   * reversed record frees its number). Above the threshold in force it awaits a second person.
   */
  private async insertRemittance(
    tx: EntityManager,
    actor: StaffPrincipal,
    r: {
      org: OrganizationEntity | null;
      regionId: string;
      campaign: CampaignEntity;
      amountFen: number;
      channel: DonationChannel;
      receivedOn: string;
      reference: string;
      voucherFileId: string;
    },
    lines: readonly NewRemittanceLineRow[],
  ): Promise<RemittanceEntity> {
    const earlier = await this.remittances.byReference(tx, r.channel, r.reference);
    if (earlier)
      throw new ConflictError(
        `${DONATION_CHANNEL_LABELS[r.channel]} ${r.reference} 已经录入过（${yuan(earlier.amountFen)} 元，${earlier.receivedOn}）：同一笔款不能录入两次`,
        'input.reference',
      );
    const threshold = this.config.offlineSecondPersonFen;
    return this.remittances.insert(
      tx,
      {
        organizationId: r.org?.id ?? null,
        campaignId: r.campaign.id,
        regionId: r.regionId,
        amountFen: String(r.amountFen),
        channel: r.channel,
        receivedOn: r.receivedOn,
        reference: r.reference,
        voucherFileId: r.voucherFileId,
        status: r.amountFen > threshold ? RemittanceStatus.AWAITING_CONFIRMATION : RemittanceStatus.CONFIRMED,
        thresholdFen: String(threshold),
        recordedBy: actor.staffId,
      },
      lines,
    );
  }

  /**
   * Its PAID gifts REVERSED, in the caller's transaction, in the order a credit takes its locks:
   * the organisation's tally, the pools (matches given back), a REFUND entry each saying 冲正 and
   * why with its UNMATCH entries, the campaign's totals last.
   */
  private async takeOff(tx: EntityManager, remittance: RemittanceEntity, reason: string): Promise<void> {
    const label = DONATION_CHANNEL_LABELS[remittance.channel];
    const gifts = (await this.remittances.lockGifts(tx, remittance.id)).filter((g) => g.status === DonationStatus.PAID);
    let total = 0;
    for (const gift of gifts) {
      const amountFen = Number(gift.amountFen);
      await this.donations.update(tx, gift.id, { status: DonationStatus.REVERSED });
      if (gift.organizationId)
        await this.organizations.tally(tx, {
          organizationId: gift.organizationId,
          campaignId: gift.campaignId,
          donorId: giverOf(gift),
          amountFen,
          gifts: -1,
        });
      const matches = await this.matchEntries.giveBack(tx, gift);
      await this.ledger.append(tx, {
        kind: LedgerKind.REFUND,
        amountFen: -amountFen,
        campaignId: gift.campaignId,
        donor: { name: gift.donorName, anonymous: gift.anonymous },
        memo: `冲正 ${gift.receiptNo} 线下${label}：${reason}`,
      });
      await this.matchEntries.recordReleases(tx, gift, matches, '冲正');
      total += amountFen;
    }
    if (gifts.length) await this.campaigns.credit(tx, remittance.campaignId, -total, -gifts.length);
  }

  /**
   * One PAID gift per line, in the caller's transaction: the organisation's tally (each line one
   * participant), the matches of pools that match offline gifts, a DONATION entry each (and its
   * MATCH entries), then the campaign's totals once for the whole remittance (its hot row, locked
   * last as in every credit).
   */
  private async credit(
    tx: EntityManager,
    remittance: RemittanceEntity,
    campaign: CampaignEntity,
    org: OrganizationEntity | null,
  ): Promise<void> {
    const lines = await this.remittances.lines(remittance.id, tx);
    const paidAt = middayOf(remittance.receivedOn);
    const label = DONATION_CHANNEL_LABELS[remittance.channel];
    const phoneOwners = await this.phoneOwners.donorsByPhone(
      tx,
      lines.flatMap((l) => (l.giverPhoneHash ? [l.giverPhoneHash] : [])),
    );
    let total = 0;
    for (const line of lines) {
      const amountFen = Number(line.amountFen);
      const gift = await this.giftOf(tx, remittance, line, org, paidAt, phoneOwners);
      if (org)
        await this.organizations.tally(tx, {
          organizationId: org.id,
          campaignId: campaign.id,
          donorId: giverOf(gift),
          amountFen,
          gifts: 1,
        });
      // Sponsors whose pledge covers offline gifts match it as they match a WeChat gift.
      const matches = await this.matching.match(tx, {
        campaignId: campaign.id,
        donorId: giverOf(gift),
        amountFen,
        offline: true,
      });
      await this.ledger.append(tx, {
        kind: LedgerKind.DONATION,
        amountFen,
        campaignId: campaign.id,
        donor: { name: gift.donorName, anonymous: gift.anonymous },
        memo: `${campaign.title} ${gift.receiptNo} 线下${label}`,
        owner: { kind: DONATION_OWNER, id: gift.id },
      });
      await this.matchEntries.record(tx, gift, matches);
      total += amountFen;
    }
    await this.campaigns.credit(tx, campaign.id, total, lines.length);
  }
}

function referenceOf(text: string): string {
  const reference = (text ?? '').trim();
  if (!reference) throw new InputError('input.reference', '请填写银行交易流水号或收据、支票号码');
  if (reference.length > 64) throw new InputError('input.reference', '流水号或凭证号最长 64 个字符');
  return reference;
}

function offlineChannel(text: string): DonationChannel {
  const channel = OFFLINE_CHANNELS.find((c) => c === (text as DonationChannel));
  if (!channel)
    throw new InputError(
      'input.channel',
      `渠道须为 ${OFFLINE_CHANNELS.map((c) => `${c}（${DONATION_CHANNEL_LABELS[c]}）`).join('、')}，不是 ${text}`,
    );
  return channel;
}

function positiveFen(value: number, field: string, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new InputError(field, `${what}须为大于 0 的整数（单位：分）`);
  return value;
}

function receivedDay(text: string): string {
  if (!isBusinessDate(text))
    throw new InputError('input.receivedOn', `到账日期须写成 2026-12-01 这样的日期，不是 ${text}`);
  if (text > businessDateOf(new Date())) throw new InputError('input.receivedOn', `到账日期 ${text} 还没有到`);
  return text;
}

/** Offline money may arrive after the campaign closed (units remit late), never before it started. */
function assertTakesOffline(campaign: CampaignEntity, receivedOn: string): void {
  if (campaign.status === CampaignStatus.DRAFT)
    throw new InputError('input.campaignId', `项目「${campaign.title}」尚未开始，不能录入捐款`);
  if (campaign.startsAt && receivedOn < businessDateOf(campaign.startsAt))
    throw new InputError(
      'input.receivedOn',
      `到账日期 ${receivedOn} 早于项目「${campaign.title}」开始的 ${businessDateOf(campaign.startsAt)}`,
    );
}

/** One member's gift follows the campaign's per-gift rules (一元爱心党费: exactly 1 yuan; the most one gift may be). */
function assertMemberRules(campaign: CampaignEntity, fen: number, field: string, what: string): void {
  if (campaign.fixedAmountFen !== null && fen !== Number(campaign.fixedAmountFen))
    throw new InputError(
      field,
      `「${campaign.title}」每人固定 ${yuan(campaign.fixedAmountFen)} 元，${what}是 ${yuan(fen)} 元`,
    );
  if (fen > Number(campaign.maxAmountFen))
    throw new InputError(field, `${what} ${yuan(fen)} 元超过单笔最多 ${yuan(campaign.maxAmountFen)} 元`);
}

/**
 * The unit's lines, checked one by one (a member's line follows the campaign's per-gift rules; the
 * unit's own line does not), adding up to the remittance exactly.
 */
function splitLines(
  campaign: CampaignEntity,
  lines: readonly NewRemittanceLine[],
  amountFen: number,
  phones: PhoneIndex,
): NewRemittanceLineRow[] {
  if (!lines?.length) throw new InputError('input.lines', '请按单位报来的明细逐行填写（或一行：以单位名义捐赠）');
  if (lines.length > MAX_REMITTANCE_LINES)
    throw new InputError('input.lines', `一笔汇款最多拆成 ${MAX_REMITTANCE_LINES} 行，请分批录入`);
  let sum = 0;
  const rows = lines.map((line, i) => {
    const field = `input.lines[${i}]`;
    const fen = positiveFen(line.amountFen, `${field}.amountFen`, `第 ${i + 1} 行的金额`);
    const name = line.name?.trim() || null;
    if (name && name.length > 64) throw new InputError(`${field}.name`, `第 ${i + 1} 行的姓名最长 64 个字符`);
    const anonymous = line.anonymous ?? false;
    const member = name !== null || anonymous;
    if (member) assertMemberRules(campaign, fen, `${field}.amountFen`, `第 ${i + 1} 行`);
    const phone = linePhone(phones, line.phone, `${field}.phone`, i + 1);
    if (phone && !member)
      throw new InputError(
        `${field}.phone`,
        `第 ${i + 1} 行是以单位名义的捐赠，不填手机号（手机号用于捐赠人本人查询）`,
      );
    sum += fen;
    return {
      line: i + 1,
      name,
      anonymous,
      amountFen: String(fen),
      giverPhoneHash: phone?.hash ?? null,
      giverPhoneMasked: phone?.masked ?? null,
    };
  });
  if (sum !== amountFen) {
    const diff = Math.abs(sum - amountFen);
    throw new InputError(
      'input.lines',
      `明细合计 ${yuan(sum)} 元，比汇款金额 ${yuan(amountFen)} 元${sum > amountFen ? '多' : '少'} ${yuan(diff)} 元：各行须正好加起来等于汇款金额`,
    );
  }
  return rows;
}

function linePhone(phones: PhoneIndex, raw: string | null | undefined, field: string, line: number): KeptPhone | null {
  try {
    return phones.keep(raw, field);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(field, `第 ${line} 行的${err.message.slice(field.length + 2)}`);
    throw err;
  }
}

/** A gift received on a day is dated at that day's noon in Shanghai (the day every report puts it on). */
function middayOf(day: string): Date {
  return new Date(businessDayBounds(day).from.getTime() + 12 * 3600_000);
}
