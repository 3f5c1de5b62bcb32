import { randomBytes } from 'node:crypto';
import { SimBillRow } from './sim-trade-bill';

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

/** A test's change to what the bill says about one trade. */
export interface SimBillAdjustment {
  amountFen?: number;
  drop?: boolean;
}

/** A bill file handed out by tradebill, served at its download_url until it expires. */
export interface SimBillFile {
  bytes: Buffer;
  gzip: boolean;
  expiresAt: number;
}

/** The stand-in's memory of orders and notifications (development and tests only). */
export class PaySimStore {
  readonly orders = new Map<string, SimOrder>();
  readonly notifications: SimNotification[] = [];
  readonly refunds = new Map<string, SimRefund>();
  /** Rows WeChat's bill has beyond the stand-in's own orders (control: _sim/bill/rows). */
  readonly extraBillRows: SimBillRow[] = [];
  /** By `P:<out_trade_no>` (a payment row) or `R:<out_refund_no>` (a refund row). */
  readonly billAdjustments = new Map<string, SimBillAdjustment>();
  readonly billFiles = new Map<string, SimBillFile>();
  readonly billSettings = { serveToday: false, corruptDownloads: false };

  newPrepayId(): string {
    return `wx${Date.now()}${randomBytes(8).toString('hex')}`;
  }

  newTransactionId(): string {
    return `4200${Date.now()}${randomBytes(3).toString('hex')}`;
  }
}
