import { registerEnumType } from '@nestjs/graphql';

/** Where a fund request stands among the six gates (上报 → 评议 → 公示 → 审批 → 报账 → 验收). */
export enum FundRequestStatus {
  /** 上报: filed by a town or village (or the district) with its purpose and budget. */
  FILED = 'FILED',
  /** 评议: reviewed by the district, with notes. */
  REVIEWED = 'REVIEWED',
  /** 公示: on public notice until publicUntil, with the supervision phone. */
  PUBLICIZED = 'PUBLICIZED',
  /** 审批: approved by a third district admin, after the notice ended. */
  APPROVED = 'APPROVED',
  /** 报账: paid out, a DISBURSEMENT in the public ledger. */
  DISBURSED = 'DISBURSED',
  /** 验收: the work or goods accepted, with photos. */
  ACCEPTED = 'ACCEPTED',
  /** 驳回: refused at an open gate, with the reason. */
  REJECTED = 'REJECTED',
}

registerEnumType(FundRequestStatus, { name: 'FundRequestStatus', description: '项目资金申请的六道关口' });

/** The gate that leads into each status, in Chinese, as history and messages name it. */
export const GATE_NAME: Record<FundRequestStatus, string> = {
  [FundRequestStatus.FILED]: '上报',
  [FundRequestStatus.REVIEWED]: '评议',
  [FundRequestStatus.PUBLICIZED]: '公示',
  [FundRequestStatus.APPROVED]: '审批',
  [FundRequestStatus.DISBURSED]: '报账',
  [FundRequestStatus.ACCEPTED]: '验收',
  [FundRequestStatus.REJECTED]: '驳回',
};

/** What each status is called to a reader, for messages. */
export const STATUS_NAME: Record<FundRequestStatus, string> = {
  [FundRequestStatus.FILED]: '已上报',
  [FundRequestStatus.REVIEWED]: '已评议',
  [FundRequestStatus.PUBLICIZED]: '公示中',
  [FundRequestStatus.APPROVED]: '已审批',
  [FundRequestStatus.DISBURSED]: '已报账',
  [FundRequestStatus.ACCEPTED]: '已验收',
  [FundRequestStatus.REJECTED]: '已驳回',
};

/** The one status each gate may start from. Rejection starts from any open gate (OPEN). */
export const GATE_FROM: Partial<Record<FundRequestStatus, FundRequestStatus>> = {
  [FundRequestStatus.REVIEWED]: FundRequestStatus.FILED,
  [FundRequestStatus.PUBLICIZED]: FundRequestStatus.REVIEWED,
  [FundRequestStatus.APPROVED]: FundRequestStatus.PUBLICIZED,
  [FundRequestStatus.DISBURSED]: FundRequestStatus.APPROVED,
  [FundRequestStatus.ACCEPTED]: FundRequestStatus.DISBURSED,
};

/** Statuses a request may still be rejected from: before any money left. */
export const OPEN_STATUSES: readonly FundRequestStatus[] = [
  FundRequestStatus.FILED,
  FundRequestStatus.REVIEWED,
  FundRequestStatus.PUBLICIZED,
  FundRequestStatus.APPROVED,
];

/** Who a disbursement pays: a household's or a person's name is masked in the public ledger. */
export enum PayeeKind {
  /** 单位: a village committee, a contractor, a shop: shown in full. */
  ORGANIZATION = 'ORGANIZATION',
  /** 建档立卡户: a household, masked (张*) like every household name. */
  HOUSEHOLD = 'HOUSEHOLD',
  /** 个人: a person, masked (张*). */
  PERSON = 'PERSON',
}

registerEnumType(PayeeKind, { name: 'PayeeKind', description: '收款方类别: 户和个人在公开账本中打码' });
