/**
 * 交易账单 (trade bill, bill_type ALL) as WeChat Pay writes it: a header line, one line per trade
 * with every value behind a backtick (so spreadsheets keep long numbers as text), amounts in yuan
 * with two decimals (fees with five), then the summary header and its line; CRLF line ends.
 */
export const TRADE_BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
export const TRADE_BILL_SUMMARY_HEADER =
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

/** One line of the bill: a payment (SUCCESS) or a refund (REFUND) of an order. */
export interface SimBillRow {
  tradeTime: Date;
  transactionId: string;
  outTradeNo: string;
  openid: string;
  tradeState: 'SUCCESS' | 'REFUND';
  description: string;
  /** 订单金额 of a payment, fen. */
  totalFen: number;
  refundId?: string;
  outRefundNo?: string;
  /** 申请退款金额 of a refund, fen. */
  refundFen?: number;
}

/** The stand-in's fee rate, 0.60% (in basis points); WeChat rounds each fee to the fen. */
const FEE_RATE_BP = 60;

export function renderTradeBill(rows: SimBillRow[], account: { appid: string; mchid: string }): string {
  const lines = [TRADE_BILL_HEADER];
  const sum = { settle: 0, refund: 0, fee: 0, order: 0, applied: 0 };
  for (const row of rows) {
    const refund = row.tradeState === 'REFUND';
    const amount = refund ? (row.refundFen ?? 0) : row.totalFen;
    const fee = (refund ? -1 : 1) * Math.round((amount * FEE_RATE_BP) / 10_000);
    sum.settle += refund ? 0 : amount;
    sum.refund += refund ? amount : 0;
    sum.fee += fee;
    sum.order += refund ? 0 : amount;
    sum.applied += refund ? amount : 0;
    lines.push(
      line([
        shanghaiDateTime(row.tradeTime),
        account.appid,
        account.mchid,
        '0',
        '',
        row.transactionId,
        row.outTradeNo,
        row.openid,
        'JSAPI',
        row.tradeState,
        'OTHERS',
        'CNY',
        yuan(refund ? 0 : amount),
        '0.00',
        refund ? (row.refundId ?? '') : '0',
        refund ? (row.outRefundNo ?? '') : '0',
        yuan(refund ? amount : 0),
        '0.00',
        refund ? 'ORIGINAL' : '',
        refund ? 'SUCCESS' : '',
        row.description,
        '',
        yuan(fee, 5),
        `${(FEE_RATE_BP / 100).toFixed(2)}%`,
        yuan(refund ? 0 : amount),
        yuan(refund ? amount : 0),
        '',
      ]),
    );
  }
  lines.push(TRADE_BILL_SUMMARY_HEADER);
  lines.push(
    line([
      String(rows.length),
      yuan(sum.settle),
      yuan(sum.refund),
      '0.00',
      yuan(sum.fee, 5),
      yuan(sum.order),
      yuan(sum.applied),
    ]),
  );
  return `${lines.join('\r\n')}\r\n`;
}

const line = (values: string[]): string => values.map((v) => `\`${v}`).join(',');

/** Fen as yuan text: 12345 → "123.45"; with five decimals, as WeChat writes fees: "123.45000". */
function yuan(fen: number, decimals: 2 | 5 = 2): string {
  const abs = Math.abs(fen);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}${'0'.repeat(decimals - 2)}`;
  return fen < 0 ? `-${text}` : text;
}

/** "2026-11-28 10:30:00", China Standard Time. */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The instants of an Asia/Shanghai calendar day (yyyy-MM-dd): [from, to). */
export function shanghaiDay(date: string): { from: number; to: number } {
  const from = Date.parse(`${date}T00:00:00+08:00`);
  return { from, to: from + 24 * 3600_000 };
}

/** Today's date in Asia/Shanghai, yyyy-MM-dd. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A real calendar day written yyyy-MM-dd (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}
