/** Yuan appear only here: money travels as integer fen (分) everywhere else. */

const GROUPED = /\B(?=(\d{3})+(?!\d))/g;

/** 123456 → "1,234.56"; negative amounts keep their sign. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(GROUPED, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** 5000 → "50", 1234 → "12.34": for buttons with a round amount. */
export function shortYuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : yuan(fen);
}

/** 12_345_600 → "12.35万" for big totals on small screens; below 10 000 yuan, yuan(fen). */
export function compactYuan(fen: number): string {
  if (Math.abs(fen) < 1_000_000) return yuan(fen);
  return `${(fen / 1_000_000).toFixed(2)}万`;
}

export type ParsedAmount = { ok: true; fen: number } | { ok: false; reason: string };

/**
 * What a donor typed, in yuan, as whole fen: "50", "50.5", "50.05". Parsed as text so that no
 * floating-point rounding ever touches money.
 */
export function parseYuan(text: string): ParsedAmount {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: '请输入捐赠金额' };
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(trimmed);
  if (!match) return { ok: false, reason: '金额只能是数字，最多两位小数' };
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (fen <= 0) return { ok: false, reason: '金额要大于 0' };
  return { ok: true, fen };
}

const SHANGHAI = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

/** Business time is Beijing time, whatever the phone's zone: "2026/05/01 09:30". */
export function dateTimeText(iso: string | Date): string {
  return dateTime.format(new Date(iso));
}

/** "2026年5月1日". */
export function dateText(iso: string | Date): string {
  return dateOnly.format(new Date(iso));
}

/** The calendar year in Beijing now. */
export function currentYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: SHANGHAI, year: 'numeric' }).format(now));
}

/** Progress toward a goal, 0–100, for progress bars; null without a goal. */
export function percentOf(raisedFen: number, goalFen: number | null): number | null {
  if (!goalFen || goalFen <= 0) return null;
  return Math.min(100, Math.floor((raisedFen * 100) / goalFen));
}

export const CAMPAIGN_KIND_NAMES: Record<string, string> = {
  ONE_DAY_PAY: '慈心一日捐',
  PARTY_DUES: '一元爱心党费',
  GENERAL: '综合救助',
  PROJECT: '定向项目',
};

export const DONATION_STATUS_NAMES: Record<string, string> = {
  PENDING: '待支付',
  PAID: '已支付',
  CLOSED: '已关闭',
  REFUNDING: '退款中',
  REFUNDED: '已退款',
  REFUND_FAILED: '退款未完成',
  REVERSED: '已冲正',
};

/** How a gift came: through WeChat Pay, or handed in at a centre (线下). */
export const DONATION_CHANNEL_NAMES: Record<string, string> = {
  WECHAT_PAY: '微信支付',
  CASH: '现金',
  BANK_TRANSFER: '银行转账',
  CHEQUE: '支票',
};

/** A gift's state in the donor's words: an offline gift is never 待支付, it waits for its second check. */
export function donationStatusName(d: { status: string; channel?: string }): string {
  if (d.status === 'PENDING' && d.channel && d.channel !== 'WECHAT_PAY') return '待复核';
  return DONATION_STATUS_NAMES[d.status] ?? d.status;
}

/**
 * The position people read an entry at: 第 1 条 is seq 0. The seq itself (what proofs, URLs and
 * the outside verifiers use) is unchanged; only what a person reads counts from one.
 */
export function ledgerPosition(seq: number): number {
  return seq + 1;
}

/** Where a gift stands in the public ledger: its position, or 正在入账 until the sequencer integrated it. */
export function ledgerSeqText(seq: number | null): string {
  return seq === null ? '正在入账' : `第 ${ledgerPosition(seq)} 条`;
}

export const LEDGER_KIND_NAMES: Record<string, string> = {
  DONATION: '捐赠',
  REFUND: '退款',
  ALLOCATION: '调拨',
  DISBURSEMENT: '拨付',
  GOODS_IN: '物资入库',
  GOODS_OUT: '物资发放',
  MATCH: '配捐',
  UNMATCH: '退回配捐',
  GOODS_WRITE_OFF: '物资报损',
};

/**
 * The days a notice (公示) still runs, as its readers count them: "还剩 3 天" while more than a
 * day is left (rounded up), "今天截止" in its last day, "已结束" after.
 */
export function daysLeftText(until: string | Date, now = new Date()): string {
  const ms = new Date(until).getTime() - now.getTime();
  if (ms <= 0) return '已结束';
  const days = Math.ceil(ms / 86_400_000);
  return days <= 1 ? '今天截止' : `还剩 ${days} 天`;
}
