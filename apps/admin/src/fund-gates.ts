import type { FundRequestStatus } from './api/operations';
import type { Role } from './session';

/** 六道关口 as the console names each status and tags it. */
export const FUND_REQUEST_STATUSES: Record<
  FundRequestStatus,
  { text: string; tag: 'info' | 'success' | 'warning' | 'danger' | 'primary' }
> = {
  FILED: { text: '已上报', tag: 'info' },
  REVIEWED: { text: '已评议', tag: 'primary' },
  PUBLICIZED: { text: '公示中', tag: 'warning' },
  APPROVED: { text: '已审批', tag: 'primary' },
  DISBURSED: { text: '已报账', tag: 'success' },
  ACCEPTED: { text: '已验收', tag: 'success' },
  REJECTED: { text: '已驳回', tag: 'danger' },
};

/** The gate that comes next for a request in each status; none once accepted or rejected. */
export type FundGate = 'review' | 'publicize' | 'approve' | 'disburse' | 'accept';
const NEXT: Record<FundRequestStatus, FundGate | null> = {
  FILED: 'review',
  REVIEWED: 'publicize',
  PUBLICIZED: 'approve',
  APPROVED: 'disburse',
  DISBURSED: 'accept',
  ACCEPTED: null,
  REJECTED: null,
};
export const GATE_NAMES: Record<FundGate, string> = {
  review: '评议',
  publicize: '公示',
  approve: '审批',
  disburse: '报账',
  accept: '验收',
};

export function nextGate(status: FundRequestStatus): FundGate | null {
  return NEXT[status];
}

/** 驳回 is open at every gate before 报账. */
export function canReject(status: FundRequestStatus): boolean {
  return status === 'FILED' || status === 'REVIEWED' || status === 'PUBLICIZED' || status === 'APPROVED';
}

/**
 * Who may pass a gate (the server checks again, and who did the earlier gates): the district admin
 * every one; staff of the region (town and village operators) 验收 too. Auditors none.
 */
export function mayPass(gate: FundGate, role: Role | null): boolean {
  if (role === 'DISTRICT_ADMIN') return true;
  return gate === 'accept' && (role === 'TOWN_OPERATOR' || role === 'VILLAGE_OPERATOR');
}

/** 上报: staff of the region or above; not an auditor. */
export function mayFile(role: Role | null): boolean {
  return role === 'DISTRICT_ADMIN' || role === 'TOWN_OPERATOR' || role === 'VILLAGE_OPERATOR';
}

/** The status tabs of the list: all, the open gates, then the finished. */
export const STATUS_TABS: { key: string; label: string; status: FundRequestStatus[] | null }[] = [
  { key: 'all', label: '全部', status: null },
  { key: 'FILED', label: '待评议', status: ['FILED'] },
  { key: 'REVIEWED', label: '待公示', status: ['REVIEWED'] },
  { key: 'PUBLICIZED', label: '公示中', status: ['PUBLICIZED'] },
  { key: 'APPROVED', label: '待报账', status: ['APPROVED'] },
  { key: 'DISBURSED', label: '待验收', status: ['DISBURSED'] },
  { key: 'ACCEPTED', label: '已验收', status: ['ACCEPTED'] },
  { key: 'REJECTED', label: '已驳回', status: ['REJECTED'] },
];

export const PAYEE_KINDS = { PERSON: '个人', HOUSEHOLD: '农户', ORGANIZATION: '单位' } as const;
