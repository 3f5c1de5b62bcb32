import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager } from 'typeorm';
import { HouseholdEntity } from './household.entity';

@Injectable()
export class HouseholdRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A household of a region inside the scope, or null. */
  findById(scope: RegionScope, id: string): Promise<HouseholdEntity | null> {
    return this.inScope(scope).andWhere('h.id = :id', { id }).getOne();
  }

  /** The households among these that lie inside the scope. */
  findByIds(scope: RegionScope, ids: readonly string[]): Promise<HouseholdEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.inScope(scope).andWhere('h.id IN (:...ids)', { ids }).getMany();
  }

  /** The households of a region and the regions below it, inside the scope, by code. */
  findInRegion(scope: RegionScope, region: { path: string }): Promise<HouseholdEntity[]> {
    return this.inScope(scope)
      .andWhere(...Subtree.of({ rootPath: region.path }, 'asked').regionIn('h.region_id'))
      .orderBy('h.code', 'ASC')
      .getMany();
  }

  private inScope(scope: RegionScope, tx?: EntityManager) {
    return (tx ?? this.dataSource.manager)
      .createQueryBuilder(HouseholdEntity, 'h')
      .where(...Subtree.of(scope).regionIn('h.region_id'));
  }

  findByCode(tx: EntityManager, code: string): Promise<HouseholdEntity | null> {
    return tx.findOneBy(HouseholdEntity, { code });
  }

  /** The next serial of a village, under a lock on the village: two at once never share one. */
  async nextSerial(tx: EntityManager, regionId: string, regionCode: string): Promise<number> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('household:' || $1))`, [regionId]);
    const rows: { code: string }[] = await tx.query(
      `SELECT code FROM household WHERE region_id = $1 ORDER BY code DESC LIMIT 1`,
      [regionId],
    );
    return rows.length ? Number(rows[0].code.slice(regionCode.length + 1)) + 1 : 1;
  }

  insert(tx: EntityManager, household: Partial<HouseholdEntity>): Promise<HouseholdEntity> {
    return tx.save(HouseholdEntity, tx.create(HouseholdEntity, household));
  }

  async update(tx: EntityManager, id: string, changes: Partial<HouseholdEntity>): Promise<HouseholdEntity> {
    await tx.update(HouseholdEntity, { id }, changes);
    return tx.findOneByOrFail(HouseholdEntity, { id });
  }

  /** Locks a household inside the scope, or answers null. */
  lock(tx: EntityManager, scope: RegionScope, id: string): Promise<HouseholdEntity | null> {
    return this.inScope(scope, tx)
      .andWhere('h.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['h'])
      .getOne();
  }
}
