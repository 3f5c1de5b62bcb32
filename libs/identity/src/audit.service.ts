import { Injectable } from '@nestjs/common';
import { workContext } from '@shanchou/core';
import { RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import type { AuditAction, AuditTarget } from './audit-actions';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';
import { StaffPrincipal } from './principal';
import { RegionScope } from './region-scope';

export interface AuditRecord {
  action: AuditAction;
  targetType: AuditTarget;
  targetId: string;
  regionId: string;
  input: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorUsername?: string;
  /** This region and the regions below it; it must lie inside the scope. */
  regionCode?: string;
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
  constructor(
    private readonly entries: AuditRepository,
    private readonly regions: RegionService,
  ) {}

  async record(
    tx: EntityManager,
    actor: Pick<StaffPrincipal, 'staffId' | 'username'>,
    record: AuditRecord,
  ): Promise<void> {
    await this.entries.insert(tx, {
      actorStaffId: actor.staffId,
      actorUsername: actor.username,
      action: record.action,
      targetType: record.targetType,
      targetId: record.targetId,
      regionId: record.regionId,
      summary: summarize(record.input),
      requestId: workContext.current()?.requestId ?? null,
    });
  }

  /** Entries of the scope (or of a region inside it), newest first; `before` is the id of the last entry of the previous page. */
  async list(
    scope: RegionScope,
    filter: AuditFilter,
    page: { before?: string; first: number },
  ): Promise<AuditEntryEntity[]> {
    const { regionCode, ...rest } = filter;
    const within = regionCode
      ? RegionScope.within(scope, await this.regions.requireByCode(regionCode, 'filter.regionCode'))
      : scope;
    return this.entries.page(within, { ...rest, actorUsername: rest.actorUsername?.toLowerCase() }, page);
  }
}
