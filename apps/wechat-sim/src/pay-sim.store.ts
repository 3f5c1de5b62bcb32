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

export type SimRefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
/** How a refund still PROCESSING will end (a control may arm ABNORMAL or CLOSED). */
export type SimRefundEnd = 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface SimRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  refund: number;
  total: number;
  status: SimRefundStatus;
  notifyUrl: string;
  /** When WeChat accepted the refund (create_time): the day the trade bill dates it by. */
  createTime: string;
  /** When it settled (success_time), once SUCCESS. */
  successTime?: string;
  /** user_received_account: where the money went. */
  receivedAccount: string;
  /** How it ends once the settlement time has passed. */
  ending: SimRefundEnd;
  /** Its notifications are withheld (control: _sim/refunds/{out_refund_no}/withhold). */
  withhold: boolean;
  settleTimer?: NodeJS.Timeout;
}

/** Controls sent for an out_refund_no before its refund was requested: applied when it comes. */
export interface SimRefundArming {
  ending?: 'ABNORMAL' | 'CLOSED';
  withhold?: boolean;
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
  /** By out_refund_no: refunds a control armed before they were requested. */
  readonly refundArmings = new Map<string, SimRefundArming>();
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
