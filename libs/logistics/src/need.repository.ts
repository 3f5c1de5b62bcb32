import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { NeedStatus } from './logistics-enums';
import { NeedEntity } from './need.entity';

@Injectable()
export class NeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<NeedEntity | null> {
    return this.dataSource.manager.findOneBy(NeedEntity, { id });
  }

  findInRegions(regionIds: readonly string[], statuses: readonly NeedStatus[]): Promise<NeedEntity[]> {
    if (regionIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(NeedEntity, {
      where: { regionId: In([...regionIds]), ...(statuses.length ? { status: In([...statuses]) } : {}) },
      order: { createdAt: 'ASC' },
    });
  }

  lock(tx: EntityManager, id: string): Promise<NeedEntity | null> {
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
