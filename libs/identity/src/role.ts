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

/** Each role as staff call it, for messages. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  [Role.DISTRICT_ADMIN]: '区管理员',
  [Role.AUDITOR]: '审计员',
  [Role.TOWN_OPERATOR]: '镇街操作员',
  [Role.VILLAGE_OPERATOR]: '村居操作员',
};

registerEnumType(Role, { name: 'Role' });
