import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager } from 'typeorm';
import { ItemEntity } from './item.entity';
import { OfferStatus } from './logistics-enums';
import { OfferEntity } from './offer.entity';

@Injectable()
export class OfferRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The donor's own offer, or null: a donor reads only their own. */
  findOfDonor(donorId: string, code: string): Promise<OfferEntity | null> {
    return this.dataSource.manager.findOneBy(OfferEntity, { code, donorId });
  }

  /** An offer whose drop-off centre lies in the scope, or null: it is bound to that centre. */
  findForStaff(scope: RegionScope, code: string): Promise<OfferEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(OfferEntity, 'o')
      .where('o.code = :code', { code })
      .andWhere(...Subtree.of(scope).nodeIn('o.drop_off_node_id'))
      .getOne();
  }

  /**
   * Offers to be brought to (or brought to) the centres of a region and the regions below it, inside
   * the scope, newest first; at most `limit`.
   */
  atCentres(
    scope: RegionScope,
    region: { path: string },
    statuses: readonly OfferStatus[],
    limit: number,
  ): Promise<OfferEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(OfferEntity, 'o')
      .where(...Subtree.of(scope).nodeIn('o.drop_off_node_id'))
      .andWhere(...Subtree.of({ rootPath: region.path }, 'asked').nodeIn('o.drop_off_node_id'))
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(limit);
    if (statuses.length) q.andWhere('o.status IN (:...statuses)', { statuses });
    return q.getMany();
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

  /** Locks the donor's own offer, or answers null. */
  lockOfDonor(tx: EntityManager, donorId: string, code: string): Promise<OfferEntity | null> {
    return tx.findOne(OfferEntity, { where: { code, donorId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks an offer whose drop-off centre lies in the scope, or answers null. */
  lockForStaff(tx: EntityManager, scope: RegionScope, code: string): Promise<OfferEntity | null> {
    return tx
      .createQueryBuilder(OfferEntity, 'o')
      .where('o.code = :code', { code })
      .andWhere(...Subtree.of(scope).nodeIn('o.drop_off_node_id'))
      .setLock('pessimistic_write', undefined, ['o'])
      .getOne();
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
