import { registerEnumType } from '@nestjs/graphql';

/** What a staff member may do; where is their region (DESIGN.md "The three tiers"). */
export enum Role {
  /** 区众筹管理中心: runs the district, creates staff anywhere in it. */
  DISTRICT_ADMIN = 'DISTRICT_ADMIN',
  /** 镇街周转中心: runs a town or street and its villages. */
  TOWN_OPERATOR = 'TOWN_OPERATOR',
  /** 村居配送中心: runs one village or community. */
  VILLAGE_OPERATOR = 'VILLAGE_OPERATOR',
  /** Reads everything, changes nothing. */
  AUDITOR = 'AUDITOR',
}

export const STAFF_ROLES: readonly Role[] = Object.values(Role);

registerEnumType(Role, { name: 'Role' });
