import { ApiError, messageFor } from './api/graphql';
import { httpError } from './api/files';
import type { Role } from './session';
import { sessionToken } from './session';

/** 数据导出: each export the API streams, what it may be narrowed by, and who may ask for it. */
export type ExportKind = 'donations' | 'ledger' | 'goods-movements' | 'stock' | 'volunteer-hours';
export type ExportFormat = 'xlsx' | 'csv';
export type ExportFilter = 'campaignId' | 'regionCode' | 'from' | 'to';

export interface ExportDefinition {
  kind: ExportKind;
  title: string;
  description: string;
  /** The query parameters its controller reads (libs/*\/src/*export*.controller.ts). */
  filters: readonly ExportFilter[];
  roles: readonly Role[];
}

const ANY_STAFF: readonly Role[] = ['DISTRICT_ADMIN', 'AUDITOR', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR'];

export const EXPORTS: readonly ExportDefinition[] = [
  {
    kind: 'donations',
    title: '捐赠明细',
    description: '已支付的捐赠，按支付时间先后；含收据号、金额、捐赠人（按规则遮盖）、单位。',
    filters: ['campaignId', 'from', 'to'],
    roles: ['DISTRICT_ADMIN', 'AUDITOR'],
  },
  {
    kind: 'ledger',
    title: '公开账本',
    description: '序号、类型、金额、项目、捐赠人/收款人（遮盖）、摘要、时间、叶子哈希。',
    filters: ['campaignId', 'from', 'to'],
    roles: ANY_STAFF,
  },
  {
    kind: 'goods-movements',
    title: '物资交接记录',
    description: '本辖区周转中心的交接步骤（含发往本中心的）。',
    filters: ['regionCode', 'from', 'to'],
    roles: ANY_STAFF,
  },
  {
    kind: 'stock',
    title: '库存',
    description: '按中心和品类：在库、其中已消毒、已装包、在途（发往本中心）。',
    filters: ['regionCode'],
    roles: ANY_STAFF,
  },
  {
    kind: 'volunteer-hours',
    title: '志愿服务时长',
    description: '每位志愿者在每场活动的签到时长（按活动开始日），不含手机号。',
    filters: ['regionCode', 'from', 'to'],
    roles: ANY_STAFF,
  },
];

/** The filters as the page names them. */
export const FILTER_NAMES: Record<ExportFilter, string> = {
  campaignId: '项目',
  regionCode: '区域',
  from: '起始日',
  to: '截止日',
};

export type ExportValues = Partial<Record<ExportFilter, string | null | undefined>>;

/** The export's address: only the parameters it takes, empty ones left out. */
export function exportUrl(kind: ExportKind, format: ExportFormat, values: ExportValues): string {
  const definition = EXPORTS.find((e) => e.kind === kind);
  const params = new URLSearchParams();
  for (const name of definition?.filters ?? []) {
    const value = values[name]?.trim();
    if (value) params.set(name, value);
  }
  const query = params.toString();
  return `/exports/${kind}.${format}${query ? `?${query}` : ''}`;
}

/** The file name a Content-Disposition header gives (filename*= preferred), or `fallback`. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // Not percent-encoded after all: the plain filename below.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/** Saves a Blob under `name` through a temporary link (the browser's own download). */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * GETs a file the API serves to staff (an export, the households template) with the bearer token
 * and saves it under the server's name; a refusal throws ApiError with its Chinese message and field.
 */
export async function downloadWithToken(url: string, fallbackName: string): Promise<string> {
  const token = sessionToken();
  let res: Response;
  try {
    res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError('NETWORK', messageFor('NETWORK'));
  }
  if (!res.ok) {
    const err = await httpError(res);
    // The server names the parameter (`from: 不是日期…`); the member knows the filter by its Chinese name.
    const field = err.field as ExportFilter | undefined;
    if (field && field in FILTER_NAMES && err.message.startsWith(`${field}: `)) {
      throw new ApiError(err.code, `${FILTER_NAMES[field]}：${err.message.slice(field.length + 2)}`, err.detail, field);
    }
    throw err;
  }
  const name = fileNameFrom(res.headers.get('content-disposition'), fallbackName);
  saveBlob(await res.blob(), name);
  return name;
}
