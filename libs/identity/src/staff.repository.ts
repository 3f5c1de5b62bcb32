import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subtree } from '@shanchou/regions';
import { EntityManager, In, Repository } from 'typeorm';
import { RegionScope } from './region-scope';
import { StaffEntity } from './staff.entity';

/** The SQL of staff accounts. A member belongs to their region: reads for other staff take a scope. */
@Injectable()
export class StaffRepository {
  constructor(@InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>) {}

  /** unscoped: signing in names no region, and usernames are unique across the platform. */
  findByUsername(username: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ username });
  }

  /** unscoped: provisioning acts outside any staff member's authority. */
  findByUsernameFor(tx: EntityManager, username: string): Promise<StaffEntity | null> {
    return tx.findOneBy(StaffEntity, { username });
  }

  /**
   * unscoped: the names of the staff who took part in a record the caller may already read (the
   * 经办人 of a gift's receipt): names only, nothing else of the accounts.
   */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.staff.find({
      where: { id: In([...new Set(ids)]) },
      select: { id: true, displayName: true },
    });
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** unscoped: the caller's own account. */
  findOwnAccount(staffId: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ id: staffId });
  }

  /** unscoped: who holds a WeChat openid, across the platform (an openid binds one member). */
  findByWechatOpenid(tx: EntityManager, openid: string): Promise<StaffEntity | null> {
    return tx.findOneBy(StaffEntity, { wechatOpenid: openid });
  }

  /** unscoped: the caller's own account, locked for the rest of the transaction. */
  lockOwnAccount(tx: EntityManager, staffId: string): Promise<StaffEntity | null> {
    return tx
      .createQueryBuilder(StaffEntity, 's')
      .setLock('pessimistic_write')
      .where('s.id = :staffId', { staffId })
      .getOne();
  }

  /** A member whose region lies inside the scope; null otherwise, whether or not they exist. */
  findInScope(scope: RegionScope, id: string): Promise<StaffEntity | null> {
    return this.staff
      .createQueryBuilder('s')
      .where('s.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('s.region_id'))
      .getOne();
  }

  /** Everyone whose region lies inside the scope, by username. */
  inScope(scope: RegionScope): Promise<StaffEntity[]> {
    return this.staff
      .createQueryBuilder('s')
      .where(...Subtree.of(scope).regionIn('s.region_id'))
      .orderBy('s.username', 'ASC')
      .getMany();
  }

  /** Locks a member inside the scope for the rest of the transaction; null outside it. */
  lock(tx: EntityManager, scope: RegionScope, id: string): Promise<StaffEntity | null> {
    return tx
      .createQueryBuilder(StaffEntity, 's')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('s.region_id'))
      .getOne();
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
    changes: Partial<
      Pick<StaffEntity, 'enabled' | 'passwordHash' | 'role' | 'regionId' | 'displayName' | 'wechatOpenid'>
    >,
  ): Promise<StaffEntity> {
    await tx.update(StaffEntity, { id }, changes);
    return tx.findOneByOrFail(StaffEntity, { id });
  }
}
