import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { workContext } from '@shanchou/core';
import { EntityManager, Repository } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { StaffPrincipal } from './principal';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  regionId: string;
  input: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorUsername?: string;
  /** Region paths to include (a subtree). */
  regionIds?: string[];
  from?: Date;
  to?: Date;
}

const SECRET_KEY = /password|secret|token|signature/i;

/** The input as the audit keeps it: secrets replaced, long strings cut. */
export function summarize(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => {
        if (SECRET_KEY.test(k)) return [k, '[redacted]'];
        if (typeof v === 'string' && v.length > 200) return [k, `${v.slice(0, 200)}…`];
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)) {
          return [k, summarize(v as Record<string, unknown>)];
        }
        return [k, v];
      }),
  );
}

/** 操作日志: one row per staff change, written inside the change's own transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  async record(
    tx: EntityManager,
    actor: Pick<StaffPrincipal, 'staffId' | 'username'>,
    record: AuditRecord,
  ): Promise<void> {
    const entry = tx.create(AuditEntryEntity, {
      actorStaffId: actor.staffId,
      actorUsername: actor.username,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      regionId: record.regionId,
      summary: summarize(record.input),
      requestId: workContext.current()?.requestId ?? null,
    });
    await tx.save(entry);
  }

  /** Newest first; `before` is the id of the last entry of the previous page. */
  async list(filter: AuditFilter, page: { before?: string; first: number }): Promise<AuditEntryEntity[]> {
    const q = this.entries.createQueryBuilder('a').orderBy('a.id', 'DESC').limit(page.first);
    if (page.before) q.andWhere('a.id < :before', { before: page.before });
    if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    if (filter.actorUsername) q.andWhere('a.actor_username = :actor', { actor: filter.actorUsername.toLowerCase() });
    if (filter.regionIds) q.andWhere('a.region_id IN (:...regions)', { regions: filter.regionIds });
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from });
    if (filter.to) q.andWhere('a.at < :to', { to: filter.to });
    return q.getMany();
  }
}
