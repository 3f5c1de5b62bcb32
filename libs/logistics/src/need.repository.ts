import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager } from 'typeorm';
import { NeedStatus } from './logistics-enums';
import { NeedEntity } from './need.entity';

@Injectable()
export class NeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A need of a village inside the scope, or null. */
  findById(scope: RegionScope, id: string): Promise<NeedEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(NeedEntity, 'n')
      .where('n.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('n.region_id'))
      .getOne();
  }

  /** The needs of a region and the villages below it, inside the scope, oldest first. */
  findInRegion(scope: RegionScope, region: { path: string }, statuses: readonly NeedStatus[]): Promise<NeedEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(NeedEntity, 'n')
      .where(...Subtree.of(scope).regionIn('n.region_id'))
      .andWhere(...Subtree.of({ rootPath: region.path }, 'asked').regionIn('n.region_id'))
      .orderBy('n.created_at', 'ASC');
    if (statuses.length) q.andWhere('n.status IN (:...statuses)', { statuses });
    return q.getMany();
  }

  /** Locks a need of a village inside the scope, or answers null. */
  lock(tx: EntityManager, scope: RegionScope, id: string): Promise<NeedEntity | null> {
    return tx
      .createQueryBuilder(NeedEntity, 'n')
      .where('n.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('n.region_id'))
      .setLock('pessimistic_write', undefined, ['n'])
      .getOne();
  }

  /**
   * Unscoped by rule: locks the need a parcel answers, reached through that parcel, which the
   * caller already holds inside its scope (arrival, unpacking, delivery move the need along).
   */
  lockAnsweredBy(tx: EntityManager, id: string): Promise<NeedEntity | null> {
    return tx.findOne(NeedEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, need: Partial<NeedEntity>): Promise<NeedEntity> {
    return tx.save(NeedEntity, tx.create(NeedEntity, need));
  }

  async update(tx: EntityManager, id: string, changes: Partial<NeedEntity>): Promise<NeedEntity> {
    await tx.update(NeedEntity, { id }, changes);
    return tx.findOneByOrFail(NeedEntity, { id });
  }
}
