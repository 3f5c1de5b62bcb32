import { Injectable } from '@nestjs/common';
import { Transactions } from '@shanchou/core';
import { EntityManager } from 'typeorm';
import { RegionEntity } from './region.entity';
import { isInSubtree } from './region-subtree';
import { CHILD_LEVEL, CODE_LENGTH, NODE_KIND_OF_LEVEL, REGION_CODE_PATTERN, RegionLevel } from './region-level';
import { RegionRepository } from './region.repository';
import { RegionCodeInvalidError, RegionNotFoundError, RegionTreeInvalidError } from './regions.errors';
import { ServiceNodeEntity } from './service-node.entity';

/** A region and everything below it, as the seed (and later an admin import) describes it. */
export interface RegionTreeNode {
  code: string;
  name: string;
  level: RegionLevel;
  /** The name of the region's service node; defaults to the region name + the kind's name. */
  nodeName?: string;
  children?: RegionTreeNode[];
}

const NODE_SUFFIX: Record<RegionLevel, string> = {
  [RegionLevel.DISTRICT]: '众筹管理中心',
  [RegionLevel.TOWN]: '周转中心',
  [RegionLevel.VILLAGE]: '配送中心',
};

const LEVEL_NAMES: Record<RegionLevel, string> = {
  [RegionLevel.DISTRICT]: '区',
  [RegionLevel.TOWN]: '镇街',
  [RegionLevel.VILLAGE]: '村居',
};

export interface TreeLoadResult {
  regions: number;
  nodes: number;
}

@Injectable()
export class RegionService {
  constructor(
    private readonly repo: RegionRepository,
    private readonly transactions: Transactions,
  ) {}

  /** The top level when `parentCode` is omitted; NOT_FOUND for an unknown parent. */
  async list(parentCode?: string): Promise<RegionEntity[]> {
    if (parentCode === undefined) return this.repo.findRoots();
    const parent = await this.requireByCode(parentCode, 'parentCode');
    return this.repo.findChildrenOf([parent.id]);
  }

  async findByCode(code: string): Promise<RegionEntity | null> {
    if (!REGION_CODE_PATTERN.test(code)) return null;
    return this.repo.findByCode(code);
  }

  async requireByCode(code: string, field = 'code'): Promise<RegionEntity> {
    if (!REGION_CODE_PATTERN.test(code)) throw new RegionCodeInvalidError(field, code);
    const region = await this.repo.findByCode(code);
    if (!region) throw new RegionNotFoundError(code, field);
    return region;
  }

  /** The region and all regions below it, parents first. */
  subtree(region: RegionEntity): Promise<RegionEntity[]> {
    return this.repo.findSubtree(region.path);
  }

  /** True when `region` is `ancestor` or lies below it. */
  static contains(ancestor: Pick<RegionEntity, 'path'>, region: Pick<RegionEntity, 'path'>): boolean {
    return isInSubtree(ancestor.path, region);
  }

  // Batch readers for per-request DataLoaders.
  byIds(ids: readonly string[]): Promise<RegionEntity[]> {
    return this.repo.findByIds(ids);
  }
  childrenOf(parentIds: readonly string[]): Promise<RegionEntity[]> {
    return this.repo.findChildrenOf(parentIds);
  }
  nodesOf(regionIds: readonly string[]): Promise<ServiceNodeEntity[]> {
    return this.repo.findNodesOfRegions(regionIds);
  }
  nodesByIds(ids: readonly string[]): Promise<ServiceNodeEntity[]> {
    return ids.length ? this.repo.findNodesByIds(ids) : Promise.resolve([]);
  }

  /**
   * Loads a region tree with one service node per region, in one transaction. Idempotent: codes
   * identify regions, so loading the same tree twice leaves the same rows.
   */
  async loadTree(root: RegionTreeNode): Promise<TreeLoadResult> {
    this.validateTree(root, null, 'tree');
    return this.transactions.run(async (tx) => {
      const result: TreeLoadResult = { regions: 0, nodes: 0 };
      await this.loadNode(tx, root, null, result);
      return result;
    });
  }

  private async loadNode(
    tx: EntityManager,
    def: RegionTreeNode,
    parent: RegionEntity | null,
    result: TreeLoadResult,
  ): Promise<void> {
    const region = await this.repo.upsertRegion(tx, {
      code: def.code,
      name: def.name,
      level: def.level,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path}/${def.code}` : def.code,
    });
    await this.repo.upsertNode(tx, {
      regionId: region.id,
      name: def.nodeName ?? `${def.name}${NODE_SUFFIX[def.level]}`,
      kind: NODE_KIND_OF_LEVEL[def.level],
    });
    result.regions++;
    result.nodes++;
    for (const child of def.children ?? []) await this.loadNode(tx, child, region, result);
  }

  /** The whole tree is checked before anything is written: bad input changes nothing. */
  private validateTree(def: RegionTreeNode, parent: RegionTreeNode | null, at: string): void {
    if (!REGION_CODE_PATTERN.test(def.code) || def.code.length !== CODE_LENGTH[def.level]) {
      throw new RegionCodeInvalidError(`${at}.code`, def.code);
    }
    if (!def.name.trim()) throw new RegionTreeInvalidError(`${at}.name`, '地区名称不能为空');
    if (parent) {
      if (CHILD_LEVEL[parent.level] !== def.level) {
        throw new RegionTreeInvalidError(
          `${at}.level`,
          `${LEVEL_NAMES[parent.level]}级地区下面不能是${LEVEL_NAMES[def.level]}级地区`,
        );
      }
      if (!def.code.startsWith(parent.code)) {
        throw new RegionTreeInvalidError(`${at}.code`, `代码 ${def.code} 须以上级地区的代码 ${parent.code} 开头`);
      }
    }
    const seen = new Set<string>();
    (def.children ?? []).forEach((child, i) => {
      if (seen.has(child.code))
        throw new RegionTreeInvalidError(`${at}.children[${i}].code`, `代码 ${child.code} 出现了两次`);
      seen.add(child.code);
      this.validateTree(child, def, `${at}.children[${i}]`);
    });
  }
}
