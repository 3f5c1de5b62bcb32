import { registerEnumType } from '@nestjs/graphql';

/** Who a donor may give on behalf of. */
export enum OrganizationKind {
  /** 单位: a work unit (office, school, hospital, company). */
  WORK_UNIT = 'WORK_UNIT',
  /** 党支部: a party branch. */
  PARTY_BRANCH = 'PARTY_BRANCH',
}

registerEnumType(OrganizationKind, { name: 'OrganizationKind', description: '单位 or 党支部' });
