import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { RegionEntity } from './region.entity';
import { Subtree } from './region-subtree';
import { ServiceNodeEntity } from './service-node.entity';

/** The SQL of regions and service nodes; the rules are in RegionService. */
@Injectable()
export class RegionRepository {
  constructor(
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
    @InjectRepository(ServiceNodeEntity) private readonly nodes: Repository<ServiceNodeEntity>,
  ) {}

  findByCode(code: string): Promise<RegionEntity | null> {
    return this.regions.findOneBy({ code });
  }

  findByIds(ids: readonly string[]): Promise<RegionEntity[]> {
    return this.regions.findBy({ id: In([...ids]) });
  }

  findRoots(): Promise<RegionEntity[]> {
    return this.regions.find({ where: { parentId: IsNull() }, order: { code: 'ASC' } });
  }

  findChildrenOf(parentIds: readonly string[]): Promise<RegionEntity[]> {
    return this.regions.find({ where: { parentId: In([...parentIds]) }, order: { code: 'ASC' } });
  }

  findNodesOfRegions(regionIds: readonly string[]): Promise<ServiceNodeEntity[]> {
    return this.nodes.findBy({ regionId: In([...regionIds]) });
  }

  findNodesByIds(ids: readonly string[]): Promise<ServiceNodeEntity[]> {
    return this.nodes.findBy({ id: In([...ids]) });
  }

  /** Every region at or below `path`, parents before children. */
  findSubtree(path: string): Promise<RegionEntity[]> {
    return this.regions
      .createQueryBuilder('r')
      .where(...Subtree.of({ rootPath: path }).regionIn('r.id'))
      .orderBy('r.path', 'ASC')
      .getMany();
  }

  /** Inserts or updates by code; returns the row. */
  async upsertRegion(
    tx: EntityManager,
    region: Pick<RegionEntity, 'code' | 'name' | 'level' | 'parentId' | 'path'>,
  ): Promise<RegionEntity> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(RegionEntity)
      .values(region)
      .orUpdate(['name', 'level', 'parent_id', 'path', 'updated_at'], ['code'])
      .execute();
    return tx.findOneByOrFail(RegionEntity, { code: region.code });
  }

  async upsertNode(
    tx: EntityManager,
    node: Pick<ServiceNodeEntity, 'regionId' | 'name' | 'kind'>,
  ): Promise<ServiceNodeEntity> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(ServiceNodeEntity)
      .values(node)
      .orUpdate(['name', 'kind', 'updated_at'], ['region_id'])
      .execute();
    return tx.findOneByOrFail(ServiceNodeEntity, { regionId: node.regionId });
  }
}
