import { Injectable } from '@nestjs/common';
import { CampaignService } from '@shanchou/campaigns';
import { ConflictError, InputError, InvalidTransitionError, NotFoundError, Transactions, yuan } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { AuditService, DonorPrincipal, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { DonationEntity } from './donation.entity';
import { DonationRepository } from './donation.repository';
import { DonationStatus } from './donation-status';
import {
  OFFICIAL_RECEIPT_STATUS_LABELS,
  OfficialReceiptRequestEntity,
  OfficialReceiptStatus,
} from './official-receipt.entity';
import { OfficialReceiptRepository } from './official-receipt.repository';
import { RemittanceStatus } from './remittance.entities';
import { RemittanceRepository } from './remittance.repository';

/** What goes on the 票据 besides the amount: who it is made out to, and where to send it. */
export interface OfficialReceiptDetails {
  title: string;
  taxId?: string | null;
  email?: string | null;
}

/** 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet, the last a check character. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * 公益事业捐赠票据 (the receipt a donor deducts a gift with): the donor asks for it for their own
 * paid gift, a unit for its whole remittance (through the staff it remitted to), and a district
 * admin issues it with the number and the scan from the finance bureau's 票据 system, or refuses it
 * with a reason. A gift is receipted once: by its line, or inside its remittance's receipt.
 */
@Injectable()
export class OfficialReceiptService {
  constructor(
    private readonly requests: OfficialReceiptRepository,
    private readonly donations: DonationRepository,
    private readonly remittances: RemittanceRepository,
    private readonly campaigns: CampaignService,
    private readonly regions: RegionService,
    private readonly files: FilesService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** The donor's own paid gift (a WeChat gift, or an offline one they claimed by phone). */
  async requestForGift(
    donor: DonorPrincipal,
    receiptNo: string,
    details: OfficialReceiptDetails,
  ): Promise<OfficialReceiptRequestEntity> {
    const wanted = detailsOf(details);
    const seen = await this.donations.byReceiptNo(receiptNo);
    // Another donor's gift answers as one that does not exist.
    if (!seen || seen.donorId !== donor.donorId) throw new NotFoundError('Donation', receiptNo, 'input.receiptNo');
    const regionId = await this.regionOf(seen);
    return this.transactions.run(async (tx) => {
      const gift = await this.donations.lockById(tx, seen.id);
      if (!gift || gift.donorId !== donor.donorId) throw new NotFoundError('Donation', receiptNo, 'input.receiptNo');
      if (gift.status !== DonationStatus.PAID)
        throw new InvalidTransitionError(
          `捐赠 ${receiptNo} 尚未入账（或已退款、冲正）：只有已入账的捐赠才能申请捐赠票据`,
        );
      await this.assertNotReceipted(tx, [gift], gift.remittanceId);
      return this.requests.insert(tx, {
        donationId: gift.id,
        remittanceId: null,
        regionId,
        receiptNo: gift.receiptNo,
        amountFen: gift.amountFen,
        ...wanted,
        requestedByDonor: donor.donorId,
        requestedByStaff: null,
      });
    });
  }

  /** A unit's whole remittance, asked for by the unit through the staff it remitted to. */
  async requestForRemittance(
    actor: StaffPrincipal,
    remittanceId: string,
    details: OfficialReceiptDetails,
  ): Promise<OfficialReceiptRequestEntity> {
    const wanted = detailsOf(details);
    return this.transactions.run(async (tx) => {
      const remittance = await this.remittances.lockInScope(tx, RegionScope.of(actor), remittanceId);
      if (!remittance) throw new NotFoundError('Remittance', remittanceId, 'remittanceId');
      if (remittance.status !== RemittanceStatus.CONFIRMED)
        throw new InvalidTransitionError('只有已确认（且未冲正）的汇款才能申请捐赠票据');
      const gifts = await this.remittances.lockGifts(tx, remittance.id);
      await this.assertNotReceipted(tx, gifts, remittance.id);
      const request = await this.requests.insert(tx, {
        donationId: null,
        remittanceId: remittance.id,
        regionId: remittance.regionId,
        receiptNo: remittance.reference,
        amountFen: remittance.amountFen,
        ...wanted,
        requestedByDonor: null,
        requestedByStaff: actor.staffId,
      });
      await this.audit.record(tx, actor, {
        action: 'official_receipt.request',
        targetType: 'official_receipt_request',
        targetId: request.id,
        regionId: request.regionId,
        input: { remittanceId: remittance.id, title: request.title, taxId: request.taxId },
      });
      return request;
    });
  }

  /** 开具: the number printed on the 票据 and its scan; the donor may then download it. */
  async issue(
    actor: StaffPrincipal,
    requestId: string,
    officialReceiptNo: string,
    fileId: string,
  ): Promise<OfficialReceiptRequestEntity> {
    const number = (officialReceiptNo ?? '').trim();
    if (!number) throw new InputError('officialReceiptNo', '请填写票据号码');
    if (number.length > 50) throw new InputError('officialReceiptNo', '票据号码最长 50 个字符');
    const scope = RegionScope.of(actor);
    await this.files.requireFiles(scope, [fileId], [FilePurpose.OFFICIAL_RECEIPT], 'fileId');
    return this.transactions.run(async (tx) => {
      const request = await this.requireWaiting(tx, scope, requestId);
      const taken = await this.requests.byOfficialNo(tx, number);
      if (taken)
        throw new ConflictError(
          `票据号码 ${number} 已开给 ${taken.receiptNo}：一张票据只能开给一笔捐赠`,
          'officialReceiptNo',
        );
      const issuedAt = new Date();
      await this.requests.update(tx, request.id, {
        status: OfficialReceiptStatus.ISSUED,
        officialReceiptNo: number,
        fileId,
        issuedBy: actor.staffId,
        issuedAt,
      });
      // The donor who asked may read the scan; a unit's comes to it through the staff.
      if (request.requestedByDonor) await this.files.assignOwner(tx, fileId, request.requestedByDonor);
      await this.audit.record(tx, actor, {
        action: 'official_receipt.issue',
        targetType: 'official_receipt_request',
        targetId: request.id,
        regionId: request.regionId,
        input: {
          officialReceiptNo: number,
          fileId,
          receiptNo: request.receiptNo,
          amountFen: Number(request.amountFen),
        },
      });
      return {
        ...request,
        status: OfficialReceiptStatus.ISSUED,
        officialReceiptNo: number,
        fileId,
        issuedBy: actor.staffId,
        issuedAt,
      };
    });
  }

  /** Refused with the reason the donor reads (the gift may be asked for again, rightly). */
  async refuse(actor: StaffPrincipal, requestId: string, reason: string): Promise<OfficialReceiptRequestEntity> {
    const why = (reason ?? '').trim();
    if (why.length < 2) throw new InputError('reason', '请写明不予开具的原因');
    if ([...why].length > 200) throw new InputError('reason', '原因最长 200 个字');
    return this.transactions.run(async (tx) => {
      const request = await this.requireWaiting(tx, RegionScope.of(actor), requestId);
      await this.requests.update(tx, request.id, { status: OfficialReceiptStatus.REFUSED, refusedReason: why });
      await this.audit.record(tx, actor, {
        action: 'official_receipt.refuse',
        targetType: 'official_receipt_request',
        targetId: request.id,
        regionId: request.regionId,
        input: { reason: why, receiptNo: request.receiptNo },
      });
      return { ...request, status: OfficialReceiptStatus.REFUSED, refusedReason: why };
    });
  }

  list(actor: StaffPrincipal, status: string | undefined, first = 100): Promise<OfficialReceiptRequestEntity[]> {
    const wanted = status === undefined || status === null ? undefined : statusOf(status);
    return this.requests.list(RegionScope.of(actor), { status: wanted }, Math.min(Math.max(first, 1), 500));
  }

  latestOfDonations(ids: readonly string[]): Promise<Map<string, OfficialReceiptRequestEntity>> {
    return this.requests.latestOfDonations(ids);
  }

  latestOfRemittances(ids: readonly string[]): Promise<Map<string, OfficialReceiptRequestEntity>> {
    return this.requests.latestOfRemittances(ids);
  }

  private async requireWaiting(
    tx: EntityManager,
    scope: RegionScope,
    id: string,
  ): Promise<OfficialReceiptRequestEntity> {
    const request = await this.requests.lockInScope(tx, scope, id);
    if (!request) throw new NotFoundError('OfficialReceiptRequest', id, 'requestId');
    if (request.status !== OfficialReceiptStatus.REQUESTED)
      throw new InvalidTransitionError(
        `这份票据申请已经处理过（${OFFICIAL_RECEIPT_STATUS_LABELS[request.status]}），不能再开具或拒绝`,
      );
    return request;
  }

  /** No gift is receipted twice: not by its own line and again inside its remittance's receipt. */
  private async assertNotReceipted(
    tx: EntityManager,
    gifts: readonly DonationEntity[],
    remittanceId: string | null,
  ): Promise<void> {
    const own = await this.requests.standing(tx, { donationIds: gifts.map((g) => g.id) });
    if (own.length === 1 && gifts.length === 1)
      throw new ConflictError(
        `捐赠 ${own[0].receiptNo} 已申请过捐赠票据（${OFFICIAL_RECEIPT_STATUS_LABELS[own[0].status]}），不能重复申请`,
      );
    if (own.length)
      throw new ConflictError(
        `这笔汇款中已有 ${own.length} 笔捐赠由捐赠人本人申请了票据（共 ${yuan(own.reduce((s, r) => s + Number(r.amountFen), 0))} 元）：整笔汇款不能再开一张`,
      );
    if (!remittanceId) return;
    const whole = await this.requests.standing(tx, { remittanceId });
    if (whole.length)
      throw new ConflictError(
        `这笔捐赠所在的汇款（${whole[0].receiptNo}）已由单位整笔申请捐赠票据（${OFFICIAL_RECEIPT_STATUS_LABELS[whole[0].status]}），不能再单独申请`,
      );
  }

  /** Offline: the remittance's region; a project's village; otherwise the district. */
  private async regionOf(gift: DonationEntity): Promise<string> {
    if (gift.remittanceId) {
      const region = await this.remittances.regionOf(gift.remittanceId);
      if (region) return region;
    }
    const campaign = await this.campaigns.requireById(gift.campaignId);
    if (campaign.regionId) return campaign.regionId;
    const [district] = await this.regions.list();
    if (!district) throw new Error('no region is configured: official receipts need the district');
    return district.id;
  }
}

function detailsOf(details: OfficialReceiptDetails): Pick<OfficialReceiptRequestEntity, 'title' | 'taxId' | 'email'> {
  const title = (details.title ?? '').trim();
  if ([...title].length < 2) throw new InputError('input.title', '请填写票据抬头：捐赠人姓名或单位全称');
  if ([...title].length > 100) throw new InputError('input.title', '票据抬头最长 100 个字');
  const taxId = details.taxId?.trim().toUpperCase() || null;
  if (taxId && !isUnifiedSocialCreditCode(taxId))
    throw new InputError('input.taxId', `纳税人识别号须为 18 位统一社会信用代码（单位填写；个人不填），${taxId} 不是`);
  const email = details.email?.trim() || null;
  if (email && (email.length > 100 || !EMAIL.test(email)))
    throw new InputError('input.email', `邮箱地址格式不正确：${email}`);
  return { title, taxId, email };
}

/** GB 32100-2015: weights 3^i mod 31 over the first 17 characters; the 18th is the check character. */
export function isUnifiedSocialCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = USCC_ALPHABET.indexOf(code[i]);
    if (value < 0) return false;
    sum += value * (3 ** i % 31);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check] === code[17];
}

function statusOf(text: string): OfficialReceiptStatus {
  const status = Object.values(OfficialReceiptStatus).find((s) => s === (text as OfficialReceiptStatus));
  if (!status) throw new InputError('status', `状态须为 REQUESTED、ISSUED 或 REFUSED，不是 ${text}`);
  return status;
}
