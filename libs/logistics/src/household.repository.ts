import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { HouseholdEntity } from './household.entity';

@Injectable()
export class HouseholdRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, tx?: EntityManager): Promise<HouseholdEntity | null> {
    return (tx ?? this.dataSource.manager).findOneBy(HouseholdEntity, { id });
  }

  findByIds(ids: readonly string[]): Promise<HouseholdEntity[]> {
    return ids.length ? this.dataSource.manager.findBy(HouseholdEntity, { id: In([...ids]) }) : Promise.resolve([]);
  }

  findInRegions(regionIds: readonly string[]): Promise<HouseholdEntity[]> {
    if (regionIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(HouseholdEntity, {
      where: { regionId: In([...regionIds]) },
      order: { code: 'ASC' },
    });
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

  lock(tx: EntityManager, id: string): Promise<HouseholdEntity | null> {
    return tx.findOne(HouseholdEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
