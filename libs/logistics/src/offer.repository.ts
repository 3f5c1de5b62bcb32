import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ItemEntity } from './item.entity';
import { OfferStatus } from './logistics-enums';
import { OfferEntity } from './offer.entity';

@Injectable()
export class OfferRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByCode(code: string): Promise<OfferEntity | null> {
    return this.dataSource.manager.findOneBy(OfferEntity, { code });
  }

  ofDonor(donorId: string): Promise<OfferEntity[]> {
    return this.dataSource.manager.find(OfferEntity, { where: { donorId }, order: { createdAt: 'DESC' } });
  }

  /** The codes of the items registered against each offer. */
  async itemCodesOf(offerIds: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>(offerIds.map((id) => [id, []]));
    if (offerIds.length === 0) return map;
    const items = await this.dataSource.manager
      .createQueryBuilder(ItemEntity, 'i')
      .select(['i.offerId', 'i.code'])
      .where('i.offer_id IN (:...ids)', { ids: offerIds })
      .orderBy('i.registered_at', 'ASC')
      .getMany();
    for (const item of items) map.get(item.offerId!)?.push(item.code);
    return map;
  }

  lockByCode(tx: EntityManager, code: string): Promise<OfferEntity | null> {
    return tx.findOne(OfferEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, offer: Partial<OfferEntity>): Promise<OfferEntity> {
    return tx.save(OfferEntity, tx.create(OfferEntity, offer));
  }

  async markMatched(tx: EntityManager, id: string): Promise<void> {
    await tx.query(
      `UPDATE goods_offer SET status = $2, matched_at = coalesce(matched_at, now()), updated_at = now() WHERE id = $1`,
      [id, OfferStatus.MATCHED],
    );
  }

  async setStatus(tx: EntityManager, id: string, status: OfferStatus): Promise<OfferEntity> {
    await tx.update(OfferEntity, { id }, { status });
    return tx.findOneByOrFail(OfferEntity, { id });
  }
}
