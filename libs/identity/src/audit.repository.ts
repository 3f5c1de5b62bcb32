import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subtree } from '@shanchou/regions';
import { EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { RegionScope } from './region-scope';

export type NewAuditEntry = Pick<
  AuditEntryEntity,
  'actorStaffId' | 'actorUsername' | 'action' | 'targetType' | 'targetId' | 'regionId' | 'summary' | 'requestId'
>;

export interface AuditEntryFilter {
  action?: string;
  /** Lower case. */
  actorUsername?: string;
  from?: Date;
  to?: Date;
}

/** The SQL of the audit log. An entry belongs to the region of the record changed. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async insert(tx: EntityManager, entry: NewAuditEntry): Promise<void> {
    await tx.save(tx.create(AuditEntryEntity, entry));
  }

  /** Entries of regions inside the scope, newest first; `before` is the id of the last entry of the previous page. */
  page(
    scope: RegionScope,
    filter: AuditEntryFilter,
    page: { before?: string; first: number },
  ): Promise<AuditEntryEntity[]> {
    const q = this.entries
      .createQueryBuilder('a')
      .where(...Subtree.of(scope).regionIn('a.region_id'))
      .orderBy('a.id', 'DESC')
      .limit(page.first);
    if (page.before) q.andWhere('a.id < :before', { before: page.before });
    if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorUsername) q.andWhere('a.actor_username = :actor', { actor: filter.actorUsername });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('a.at < :to', { to: filter.to });
    return q.getMany();
  }
}
