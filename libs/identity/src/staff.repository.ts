import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { StaffEntity } from './staff.entity';

@Injectable()
export class StaffRepository {
  constructor(@InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>) {}

  findByUsername(username: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ username });
  }

  findByUsernameFor(tx: EntityManager, username: string): Promise<StaffEntity | null> {
    return tx.findOneBy(StaffEntity, { username });
  }

  findById(id: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ id });
  }

  findInRegions(regionIds: string[]): Promise<StaffEntity[]> {
    return this.staff.find({ where: { regionId: In(regionIds) }, order: { username: 'ASC' } });
  }

  /** Locks the row for the rest of the transaction. */
  lock(tx: EntityManager, id: string): Promise<StaffEntity | null> {
    return tx.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(
    tx: EntityManager,
    staff: Pick<StaffEntity, 'username' | 'displayName' | 'role' | 'regionId' | 'passwordHash'>,
  ): Promise<StaffEntity> {
    return tx.save(StaffEntity, tx.create(StaffEntity, { ...staff, enabled: true }));
  }

  async update(
    tx: EntityManager,
    id: string,
    changes: Partial<Pick<StaffEntity, 'enabled' | 'passwordHash' | 'role' | 'regionId' | 'displayName'>>,
  ): Promise<StaffEntity> {
    await tx.update(StaffEntity, { id }, changes);
    return tx.findOneByOrFail(StaffEntity, { id });
  }
}
