import { Injectable } from '@nestjs/common';
import { ForbiddenError, InputError } from '@shanchou/core';
import { RegionScope, ROLE_NAMES, StaffPrincipal } from '@shanchou/identity';
import { Centre, CentreDirectory, Centres } from './centres';
import { CodeKind, parseGoodsCode } from './goods-code';
import { Here } from './goods-rules';

/** The most codes one step takes at once (a parcel's worth, a disinfection run). */
export const MAX_CODES = 200;

/** Where a staff member works: every step they take happens at their own centre (API.md). */
export interface Desk {
  actor: StaffPrincipal;
  scope: RegionScope;
  directory: CentreDirectory;
  here: Centre;
  /** `here` as the transition rules see it. */
  at: Here;
}

@Injectable()
export class Desks {
  constructor(private readonly centres: Centres) {}

  /** The caller's desk, read before the transaction; `nodeIds` are other nodes the step names. */
  async of(actor: StaffPrincipal, nodeIds: string[] = []): Promise<Desk> {
    const scope = RegionScope.of(actor);
    if (!scope.mayChange) throw new ForbiddenError(`${ROLE_NAMES[actor.role]}只能查看，不能办理物资`);
    const directory = await this.centres.directory({ regionIds: [actor.regionId], nodeIds });
    const here = directory.ofRegion(actor.regionId);
    if (!here) throw new Error(`region ${actor.regionId} has no service node`);
    return {
      actor,
      scope,
      directory,
      here,
      at: { nodeId: here.node.id, isVillage: directory.isVillageCentre(here.node.id) },
    };
  }
}

/** Parses a list of codes: each must pass its check, none twice, at least one. */
export function parseCodes(raw: readonly string[], field: string, kind: CodeKind): string[] {
  if (raw.length === 0) throw new InputError(field, '请至少填写一个编码');
  if (raw.length > MAX_CODES) throw new InputError(field, `一次最多 ${MAX_CODES} 个编码`);
  const seen = new Set<string>();
  return raw.map((r, i) => {
    const { code } = parseGoodsCode(r, `${field}[${i}]`, [kind]);
    if (seen.has(code)) throw new InputError(`${field}[${i}]`, `编码 ${code} 重复填写了`);
    seen.add(code);
    return code;
  });
}

/** Trims a free-text field; empty becomes null, or an error when it is required. */
export function text(value: string | null | undefined, field: string, max: number, required = false): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw new InputError(field, '不能为空');
    return null;
  }
  if ([...trimmed].length > max) throw new InputError(field, `最多 ${max} 个字`);
  return trimmed;
}
