/**
 * Reads WeChat Pay's 交易账单 (trade bill, bill_type ALL): a header line naming the columns, one
 * line per trade with each value behind a backtick, then 总交易单数… and its summary line. Amounts
 * are yuan with two decimals, read into fen without floating point; the summary must add up.
 */

export interface TradeBillRow {
  /** Line number in the file (1 = the header), for messages. */
  line: number;
  /** 交易时间, China Standard Time as written: "2026-11-28 10:30:00". */
  tradeTime: string;
  /** 微信订单号 */
  transactionId: string;
  /** 商户订单号: our receipt number. */
  outTradeNo: string;
  /** 交易状态: SUCCESS for a payment, REFUND for a refund (REVOKED and others pass through). */
  tradeState: string;
  /** 订单金额 */
  orderFen: number;
  /** 应结订单金额 */
  settlementFen: number;
  /** 微信退款单号; null on a payment row (written "0"). */
  refundId: string | null;
  /** 商户退款单号; null on a payment row. */
  outRefundNo: string | null;
  /** 退款金额 */
  refundFen: number;
  /** 申请退款金额 */
  appliedRefundFen: number;
}

export interface TradeBillSummary {
  /** 总交易单数 */
  tradeCount: number;
  /** 应结订单总金额 */
  settlementFen: number;
  /** 退款总金额 */
  refundFen: number;
  /** 订单总金额 */
  orderFen: number;
  /** 申请退款总金额 */
  appliedRefundFen: number;
}

export interface TradeBill {
  rows: TradeBillRow[];
  summary: TradeBillSummary;
}

/** The file is not a trade bill we can trust: the run fails, nothing is stored. */
export class TradeBillFormatError extends Error {
  override name = 'TradeBillFormatError';
}

const COLUMNS = {
  tradeTime: '交易时间',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  tradeState: '交易状态',
  settlement: '应结订单金额',
  refundId: '微信退款单号',
  outRefundNo: '商户退款单号',
  refund: '退款金额',
  order: '订单金额',
  appliedRefund: '申请退款金额',
} as const;

const SUMMARY = {
  tradeCount: '总交易单数',
  settlement: '应结订单总金额',
  refund: '退款总金额',
  order: '订单总金额',
  appliedRefund: '申请退款总金额',
} as const;

export function parseTradeBill(text: string): TradeBill {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length < 3) throw new TradeBillFormatError('the bill has no header, or no summary');
  const header = columnsOf(lines[0].split(','), Object.values(COLUMNS), 'header');
  const summaryAt = lines.length - 2;
  if (!lines[summaryAt].startsWith(SUMMARY.tradeCount))
    throw new TradeBillFormatError(`line ${summaryAt + 1}: expected the summary header (${SUMMARY.tradeCount}…)`);

  const rows: TradeBillRow[] = [];
  for (let i = 1; i < summaryAt; i++) {
    const values = valuesOf(lines[i], header.count, i + 1);
    const at = (name: string) => values[header.index.get(name) as number];
    const money = (name: string) => yuanToFen(at(name), `line ${i + 1}, ${name}`);
    const refundNo = (name: string) => (at(name) === '0' || at(name) === '' ? null : at(name));
    rows.push({
      line: i + 1,
      tradeTime: at(COLUMNS.tradeTime),
      transactionId: at(COLUMNS.transactionId),
      outTradeNo: at(COLUMNS.outTradeNo),
      tradeState: at(COLUMNS.tradeState),
      orderFen: money(COLUMNS.order),
      settlementFen: money(COLUMNS.settlement),
      refundId: refundNo(COLUMNS.refundId),
      outRefundNo: refundNo(COLUMNS.outRefundNo),
      refundFen: money(COLUMNS.refund),
      appliedRefundFen: money(COLUMNS.appliedRefund),
    });
    if (!rows[rows.length - 1].outTradeNo) throw new TradeBillFormatError(`line ${i + 1}: no 商户订单号`);
  }

  const summaryHeader = columnsOf(lines[summaryAt].split(','), Object.values(SUMMARY), 'summary header');
  const totals = valuesOf(lines[summaryAt + 1], summaryHeader.count, summaryAt + 2);
  const total = (name: string) => totals[summaryHeader.index.get(name) as number];
  const count = total(SUMMARY.tradeCount);
  if (!/^\d+$/.test(count)) throw new TradeBillFormatError(`summary: ${SUMMARY.tradeCount} "${count}" is not a count`);
  const summary: TradeBillSummary = {
    tradeCount: Number(count),
    settlementFen: yuanToFen(total(SUMMARY.settlement), `summary, ${SUMMARY.settlement}`),
    refundFen: yuanToFen(total(SUMMARY.refund), `summary, ${SUMMARY.refund}`),
    orderFen: yuanToFen(total(SUMMARY.order), `summary, ${SUMMARY.order}`),
    appliedRefundFen: yuanToFen(total(SUMMARY.appliedRefund), `summary, ${SUMMARY.appliedRefund}`),
  };
  checkSummary(rows, summary);
  return { rows, summary };
}

/** Yuan with exactly two decimals ("123.45", "-0.27") as fen, by integer arithmetic only. */
export function yuanToFen(text: string, where: string): number {
  const m = /^(-?)(\d{1,14})\.(\d{2})$/.exec(text);
  const fen = m ? Number(m[2]) * 100 + Number(m[3]) : NaN;
  if (!m || !Number.isSafeInteger(fen))
    throw new TradeBillFormatError(`${where}: "${text}" is not an amount in yuan with two decimals`);
  return m[1] === '-' && fen !== 0 ? -fen : fen;
}

function columnsOf(names: string[], required: readonly string[], what: string) {
  const index = new Map(names.map((name, i) => [name.trim(), i]));
  const missing = required.filter((name) => !index.has(name));
  if (missing.length > 0) throw new TradeBillFormatError(`the ${what} lacks ${missing.join(', ')}`);
  return { index, count: names.length };
}

/** `a,`b,`c → [a, b, c]: split at ",`" so a comma inside a value (a product name) survives. */
function valuesOf(line: string, expected: number, lineNo: number): string[] {
  if (!line.startsWith('`')) throw new TradeBillFormatError(`line ${lineNo}: values must each start with a backtick`);
  const values = line.slice(1).split(',`');
  if (values.length !== expected)
    throw new TradeBillFormatError(`line ${lineNo}: ${values.length} values where the header names ${expected}`);
  return values;
}

function checkSummary(rows: TradeBillRow[], summary: TradeBillSummary): void {
  const sum = (pick: (r: TradeBillRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  const checks: [string, number, number][] = [
    [SUMMARY.tradeCount, summary.tradeCount, rows.length],
    [SUMMARY.settlement, summary.settlementFen, sum((r) => r.settlementFen)],
    [SUMMARY.refund, summary.refundFen, sum((r) => r.refundFen)],
    [SUMMARY.order, summary.orderFen, sum((r) => r.orderFen)],
    [SUMMARY.appliedRefund, summary.appliedRefundFen, sum((r) => r.appliedRefundFen)],
  ];
  for (const [name, stated, counted] of checks) {
    if (stated !== counted)
      throw new TradeBillFormatError(`summary: ${name} is ${stated} but the rows add up to ${counted}`);
  }
}
