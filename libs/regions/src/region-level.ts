import { registerEnumType } from '@nestjs/graphql';

/** 区 / 镇街 / 村居: the three tiers of DESIGN.md. */
export enum RegionLevel {
  DISTRICT = 'DISTRICT',
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

/** 区众筹管理中心 / 镇街周转中心 / 村居配送中心: one service node per region, of its level's kind. */
export enum NodeKind {
  MANAGEMENT_CENTER = 'MANAGEMENT_CENTER',
  TRANSFER_CENTER = 'TRANSFER_CENTER',
  DISTRIBUTION_CENTER = 'DISTRIBUTION_CENTER',
}

export const NODE_KIND_OF_LEVEL: Record<RegionLevel, NodeKind> = {
  [RegionLevel.DISTRICT]: NodeKind.MANAGEMENT_CENTER,
  [RegionLevel.TOWN]: NodeKind.TRANSFER_CENTER,
  [RegionLevel.VILLAGE]: NodeKind.DISTRIBUTION_CENTER,
};

/** The level a child of a region of this level has (none below a village). */
export const CHILD_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  [RegionLevel.DISTRICT]: RegionLevel.TOWN,
  [RegionLevel.TOWN]: RegionLevel.VILLAGE,
  [RegionLevel.VILLAGE]: null,
};

/**
 * Statistical division codes (统计用区划代码): a district has 6 digits, a town or street 9, a
 * village or community 12, each extending its parent's.
 */
export const CODE_LENGTH: Record<RegionLevel, number> = {
  [RegionLevel.DISTRICT]: 6,
  [RegionLevel.TOWN]: 9,
  [RegionLevel.VILLAGE]: 12,
};

export const REGION_CODE_PATTERN = /^\d{6}(\d{3}){0,2}$/;

registerEnumType(RegionLevel, { name: 'RegionLevel' });
registerEnumType(NodeKind, { name: 'NodeKind' });
