import { registerEnumType } from '@nestjs/graphql';

/**
 * PENDING → PAID → REFUNDING → REFUNDED, or PENDING → CLOSED (not paid in time). A refund WeChat
 * Pay ends ABNORMAL or CLOSED (or refuses) makes REFUNDING → REFUND_FAILED, and a district admin's
 * retry makes it REFUNDING again. An offline gift is PAID when its remittance is confirmed, and
 * REVERSED (冲正) when the remittance is found wrong: taken off by a reversing entry, never edited.
 */
export enum DonationStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CLOSED = 'CLOSED',
  REFUNDING = 'REFUNDING',
  REFUNDED = 'REFUNDED',
  REFUND_FAILED = 'REFUND_FAILED',
  REVERSED = 'REVERSED',
}

registerEnumType(DonationStatus, { name: 'DonationStatus' });

/** Each status as the console and the exports name it. */
export const DONATION_STATUS_LABELS: Record<DonationStatus, string> = {
  [DonationStatus.PENDING]: '待支付',
  [DonationStatus.PAID]: '已支付',
  [DonationStatus.CLOSED]: '已关闭',
  [DonationStatus.REFUNDING]: '退款中',
  [DonationStatus.REFUNDED]: '已退款',
  [DonationStatus.REFUND_FAILED]: '退款未完成',
  [DonationStatus.REVERSED]: '已冲正',
};
