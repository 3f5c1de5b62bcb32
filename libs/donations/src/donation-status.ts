import { registerEnumType } from '@nestjs/graphql';

/** PENDING → PAID → REFUNDING → REFUNDED, or PENDING → CLOSED (not paid in time). */
export enum DonationStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CLOSED = 'CLOSED',
  REFUNDING = 'REFUNDING',
  REFUNDED = 'REFUNDED',
}

registerEnumType(DonationStatus, { name: 'DonationStatus' });
