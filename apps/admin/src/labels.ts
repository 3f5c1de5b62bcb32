import type {
  CampaignKind,
  CampaignStatus,
  DifferenceKind,
  DonationStatus,
  OfficialReceiptKind,
  OfficialReceiptStatus,
  RemittanceChannel,
  RemittanceStatus,
} from './api/operations';

/** The words the console uses for the API's enums. */
export const CAMPAIGN_KINDS: Record<CampaignKind, string> = {
  GENERAL: '综合募捐',
  ONE_DAY_PAY: '慈心一日捐',
  PARTY_DUES: '一元爱心党费',
  PROJECT: '帮扶项目',
};

export const CAMPAIGN_STATUSES: Record<CampaignStatus, { text: string; tag: 'info' | 'success' | 'warning' }> = {
  DRAFT: { text: '草稿', tag: 'info' },
  ACTIVE: { text: '募捐中', tag: 'success' },
  CLOSED: { text: '已结束', tag: 'warning' },
};

export const DONATION_STATUSES: Record<DonationStatus, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭（未支付）',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  REFUND_FAILED: '退款失败',
  REVERSED: '已冲正',
};

/** Each kind of difference with the bill, and what the finance desk should make of it. */
export const DIFFERENCE_KINDS: Record<DifferenceKind, { title: string; meaning: string }> = {
  AMOUNT_MISMATCH: {
    title: '金额不一致',
    meaning: '平台和微信支付账单都有这笔交易，但金额不同。请核对商户平台的订单详情，确认实际到账金额。',
  },
  MISSING_AT_WECHAT: {
    title: '微信账单中没有',
    meaning:
      '平台记为已支付（或已退款），但当天的微信支付账单里没有这笔。可能是跨日结算（次日账单会出现），也可能支付通知有误，请到商户平台按商户订单号查询。',
  },
  MISSING_HERE: {
    title: '平台没有记录',
    meaning:
      '微信支付账单中有这笔交易，平台当天却没有对应记录。可能是支付通知没有送达或处理失败，请按商户订单号查询该笔捐赠，必要时检查“失败任务”。',
  },
  STATUS_MISMATCH: {
    title: '状态不一致',
    meaning: '双方都有这笔订单，但结果不同（例如微信已退款、平台仍为已支付）。请以商户平台为准核实后处理。',
  },
};

export const RECONCILIATION_STATUSES = {
  BALANCED: { text: '已平账', tag: 'success' },
  DIFFERENCES: { text: '有差异', tag: 'warning' },
  FAILED: { text: '对账失败', tag: 'danger' },
} as const;

export const ITEM_STATUSES: Record<string, string> = {
  REGISTERED: '已登记',
  DISINFECTED: '已消毒',
  PACKED: '已打包',
  IN_TRANSIT: '运输中',
  DELIVERED: '已送达',
  REJECTED: '已拒收',
};

export const NEED_STATUSES: Record<string, string> = {
  OPEN: '待响应',
  ANSWERED: '已响应',
  FULFILLED: '已完成',
  CANCELLED: '已撤销',
};

/** As the staff pages of the H5 name them. */
export const PARCEL_STATUSES: Record<string, string> = {
  PACKED: '已打包',
  IN_TRANSIT: '运送中',
  RECEIVED: '已签收',
  DELIVERED: '已发放到户',
  UNPACKED: '已拆包',
};

export const OUTREACH_KINDS: Record<string, string> = {
  SCIENCE_TECH: '科技下乡',
  CULTURE: '文化下乡',
  LAW: '送法下乡',
  MEDICAL: '送医下乡',
};

export const EVENT_STATUSES: Record<string, string> = {
  SCHEDULED: '已安排',
  COMPLETED: '已完成',
  CANCELLED: '已取消',
  PROPOSED: '待审批',
  DECLINED: '未通过',
};

export const ORGANIZATION_KINDS: Record<string, string> = { WORK_UNIT: '单位', PARTY_BRANCH: '党支部' };

/** 捐赠意向's status, as libs/logistics' OFFER_STATUS_NAMES says it. */
export const OFFER_STATUSES: Record<string, string> = { OPEN: '待送达', MATCHED: '已登记入库', CANCELLED: '已取消' };

/** 线下汇款's channels, as libs/donations' DONATION_CHANNEL_LABELS says them. */
export const REMITTANCE_CHANNELS: Record<RemittanceChannel, string> = {
  BANK_TRANSFER: '银行转账',
  CASH: '现金',
  CHEQUE: '支票',
};

/** A gift's channel (Donation.channel): WeChat Pay, or one of the offline ones. */
export function donationChannelName(channel: string): string {
  return channel === 'WECHAT_PAY' ? '微信支付' : (REMITTANCE_CHANNELS[channel as RemittanceChannel] ?? channel);
}

/**
 * A gift taken at a centre as its receipt says it: PENDING there is not 待支付 but waiting for a
 * second district admin (the gift counts once confirmed).
 */
export function offlineGiftStatusName(status: DonationStatus): string {
  return status === 'PAID' ? '已入账' : status === 'PENDING' ? '待复核' : DONATION_STATUSES[status];
}

/** Who a remittance came from: its unit, or 个人捐赠 for one person's gift taken at a centre (no unit). */
export function remitterName(organization: { name: string } | null): string {
  return organization?.name ?? '个人捐赠';
}

export const REMITTANCE_STATUSES: Record<RemittanceStatus, { text: string; tag: 'warning' | 'success' | 'info' }> = {
  AWAITING_CONFIRMATION: { text: '待复核', tag: 'warning' },
  CONFIRMED: { text: '已确认', tag: 'success' },
  AWAITING_REVERSAL: { text: '待复核冲正', tag: 'warning' },
  REVERSED: { text: '已冲正', tag: 'info' },
};

/** 捐赠票据's status as the desk reads it: the same words as the server's own messages. */
export const OFFICIAL_RECEIPT_STATUSES: Record<
  OfficialReceiptStatus,
  { text: string; tag: 'warning' | 'success' | 'info' }
> = {
  REQUESTED: { text: '待开具', tag: 'warning' },
  ISSUED: { text: '已开具', tag: 'success' },
  REFUSED: { text: '不予开具', tag: 'info' },
};

/** Who asked: one donor for their own gift, or a unit for its whole remittance. */
export const OFFICIAL_RECEIPT_KINDS: Record<OfficialReceiptKind, string> = { GIFT: '个人', REMITTANCE: '单位整笔' };
