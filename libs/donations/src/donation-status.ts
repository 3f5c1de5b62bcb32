import { registerEnumType } from '@nestjs/graphql';

/**
 * PENDING → PAID → REFUNDING → REFUNDED, or PENDING → CLOSED (not paid in time). A refund WeChat
 * Pay ends ABNORMAL or CLOSED (or refuses) makes REFUNDING → REFUND_FAILED, and a district admin's
 * retry makes it REFUNDING again.
 */
export enum DonationStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CLOSED = 'CLOSED',
  REFUNDING = 'REFUNDING',
  REFUNDED = 'REFUNDED',
  REFUND_FAILED = 'REFUND_FAILED',
}

registerEnumType(DonationStatus, { name: 'DonationStatus' });
