import { randomBytes } from 'node:crypto';

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

export interface SimOrder {
  appid: string;
  mchid: string;
  description: string;
  outTradeNo: string;
  notifyUrl: string;
  total: number;
  openid: string;
  prepayId: string;
  tradeState: TradeState;
  transactionId?: string;
  successTime?: string;
  createdAt: string;
}

export interface SimDelivery {
  at: string;
  status: number | 'network error';
}

export interface SimRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  refund: number;
  total: number;
  status: 'PROCESSING' | 'SUCCESS';
  notifyUrl: string;
  successTime?: string;
}

/** A notification as sent: its exact headers and body, so a test can replay it. */
export interface SimNotification {
  id: string;
  outTradeNo: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  deliveries: SimDelivery[];
  delivered: boolean;
}

/** The stand-in's memory of orders and notifications (development and tests only). */
export class PaySimStore {
  readonly orders = new Map<string, SimOrder>();
  readonly notifications: SimNotification[] = [];
  readonly refunds = new Map<string, SimRefund>();

  newPrepayId(): string {
    return `wx${Date.now()}${randomBytes(8).toString('hex')}`;
  }

  newTransactionId(): string {
    return `4200${Date.now()}${randomBytes(3).toString('hex')}`;
  }
}
