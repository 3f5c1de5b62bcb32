import type { DonationSearchFilter, DonationStatus } from './api/operations';
import { fromShanghaiInput, parseYuan } from './format';

/** The 捐赠查询 form as typed: amounts in 元, days as Asia/Shanghai "YYYY-MM-DD". */
export interface DonationSearchForm {
  receiptNo: string;
  campaignId: string;
  organizationId: string;
  status: DonationStatus[];
  /** [from, to], both days inclusive; empty for any time. */
  days: [string, string] | null;
  minYuan: string;
  maxYuan: string;
}

export function emptySearchForm(): DonationSearchForm {
  return { receiptNo: '', campaignId: '', organizationId: '', status: [], days: null, minYuan: '', maxYuan: '' };
}

const DAY_MS = 86_400_000;

/**
 * The form as searchDonations' filter: 元 → integer fen, the Beijing day range → [from, to)
 * instants (`to` is "placed before": the next day's midnight, so the last day is included).
 * Errors by field when an amount is not one.
 */
export function toSearchFilter(form: DonationSearchForm): {
  filter: DonationSearchFilter;
  errors: Partial<Record<'minYuan' | 'maxYuan', string>>;
} {
  const filter: DonationSearchFilter = {};
  const errors: Partial<Record<'minYuan' | 'maxYuan', string>> = {};
  if (form.receiptNo.trim()) filter.receiptNo = form.receiptNo.trim();
  if (form.campaignId) filter.campaignId = form.campaignId;
  if (form.organizationId) filter.organizationId = form.organizationId;
  if (form.status.length > 0) filter.status = [...form.status];
  if (form.days) {
    const from = fromShanghaiInput(form.days[0]);
    const toStart = fromShanghaiInput(form.days[1]);
    if (from) filter.from = from;
    if (toStart) filter.to = new Date(Date.parse(toStart) + DAY_MS).toISOString();
  }
  for (const [key, target] of [
    ['minYuan', 'minAmountFen'],
    ['maxYuan', 'maxAmountFen'],
  ] as const) {
    const text = form[key].trim();
    if (!text) continue;
    const fen = parseYuan(text);
    if (fen === null) errors[key] = '金额单位元，最多两位小数，如 100 或 12.50';
    else filter[target] = fen;
  }
  if (
    filter.minAmountFen !== undefined &&
    filter.maxAmountFen !== undefined &&
    filter.minAmountFen > filter.maxAmountFen
  )
    errors.maxYuan = '最高金额不能小于最低金额';
  return { filter, errors };
}

/** The export's query: campaignId, from and to as Beijing days (YYYY-MM-DD, inclusive). */
export function exportQuery(form: DonationSearchForm): string {
  const params = new URLSearchParams();
  if (form.campaignId) params.set('campaignId', form.campaignId);
  if (form.days) {
    params.set('from', form.days[0]);
    params.set('to', form.days[1]);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
