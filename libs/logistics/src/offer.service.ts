import { Injectable } from '@nestjs/common';
import { InvalidTransitionError, Transactions } from '@shanchou/core';
import { DonorPrincipal, OutsideScopeError, RegionScope } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { Centres } from './centres';
import { text } from './desk';
import { CodeKind, newGoodsCode, parseGoodsCode } from './goods-code';
import { quantityOf } from './item.service';
import { OFFER_STATUS_NAMES, OfferStatus } from './logistics-enums';
import { CentreNotFoundError, OfferNotFoundError } from './logistics.errors';
import { OfferEntity } from './offer.entity';
import { OfferRepository } from './offer.repository';

export interface NewOffer {
  category: string;
  description: string;
  quantity: number;
  unit?: string | null;
  dropOffNodeId: string;
  /** The name for the public ledger (masked there). */
  donorName?: string | null;
  anonymous?: boolean | null;
}

/**
 * 捐赠意向: a donor says from the H5 page what goods they will bring where, and shows the offer's
 * code at the centre; the goods registered against it are the donor's to follow.
 */
@Injectable()
export class OfferService {
  constructor(
    private readonly repo: OfferRepository,
    private readonly centres: Centres,
    private readonly transactions: Transactions,
    private readonly regions: RegionService,
  ) {}

  /** The most offers one list answers: the open ones of a district fit many times over. */
  static readonly LIST_LIMIT = 200;

  /**
   * 捐赠意向 at the centres of a region inside the scope and below it (staff: what donors will
   * bring, and what they brought); the open ones when `statuses` is empty. Newest first.
   */
  async atCentres(scope: RegionScope, regionCode: string, statuses: OfferStatus[]): Promise<OfferEntity[]> {
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${regionCode}`);
    return this.repo.atCentres(scope, region, statuses.length ? statuses : [OfferStatus.OPEN], OfferService.LIST_LIMIT);
  }

  async create(donor: DonorPrincipal, input: NewOffer): Promise<OfferEntity> {
    const category = text(input.category, 'input.category', 32, true)!;
    const description = text(input.description, 'input.description', 200, true)!;
    const quantity = quantityOf(input.quantity, 'input.quantity');
    const unit = text(input.unit, 'input.unit', 16) ?? '件';
    const directory = await this.centres.directory({ nodeIds: [input.dropOffNodeId] });
    if (!directory.has(input.dropOffNodeId)) throw new CentreNotFoundError(input.dropOffNodeId, 'input.dropOffNodeId');
    return this.transactions.run((tx) =>
      this.repo.insert(tx, {
        code: newGoodsCode(CodeKind.OFFER),
        donorId: donor.donorId,
        category,
        description,
        quantity,
        unit,
        dropOffNodeId: input.dropOffNodeId,
        donorName: text(input.donorName, 'input.donorName', 64),
        anonymous: input.anonymous ?? false,
        status: OfferStatus.OPEN,
        matchedAt: null,
      }),
    );
  }

  mine(donor: DonorPrincipal): Promise<OfferEntity[]> {
    return this.repo.ofDonor(donor.donorId);
  }

  /** The donor's own offer; another donor's answers as one that does not exist. */
  async ownOffer(donor: DonorPrincipal, rawCode: string): Promise<OfferEntity> {
    const { code } = parseGoodsCode(rawCode, 'code', [CodeKind.OFFER]);
    const offer = await this.repo.findOfDonor(donor.donorId, code);
    if (!offer) throw new OfferNotFoundError(code);
    return offer;
  }

  async cancel(donor: DonorPrincipal, rawCode: string): Promise<OfferEntity> {
    const found = await this.ownOffer(donor, rawCode);
    return this.transactions.run(async (tx) => {
      const offer = await this.repo.lockOfDonor(tx, donor.donorId, found.code);
      if (!offer) throw new OfferNotFoundError(found.code);
      if (offer.status !== OfferStatus.OPEN) {
        throw new InvalidTransitionError(
          `捐赠意向 ${offer.code} ${OFFER_STATUS_NAMES[offer.status]}：只有待送达的意向可以取消`,
        );
      }
      return this.repo.setStatus(tx, offer.id, OfferStatus.CANCELLED);
    });
  }

  itemCodesOf(offerIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.repo.itemCodesOf(offerIds);
  }
}
