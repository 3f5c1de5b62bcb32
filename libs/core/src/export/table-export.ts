import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { InputError } from '../errors';
import { loadExcelJS } from './load-exceljs';

/**
 * Exports for the people who report upward (区民政局, 县委): one table, streamed as CSV (UTF-8
 * with BOM, as Excel on a county PC opens it) or .xlsx, in batches, so a year of gifts never
 * sits in memory. Text cells carry the same formula guard as /ledger.csv in both formats.
 */
export type ExportFormat = 'csv' | 'xlsx';

export type CellKind = 'text' | 'int' | 'fen' | 'yuan' | 'datetime' | 'hours';

export interface ExportColumn<R> {
  /** The heading a person reads, in Chinese. */
  header: string;
  kind: CellKind;
  /** fen and yuan take the amount in fen (string or number); datetime a Date. */
  value: (row: R) => string | number | Date | null | undefined;
  width?: number;
}

export interface TableExport<R> {
  /** The file's name without extension (ASCII: it goes in Content-Disposition as is). */
  filename: string;
  /** The worksheet's name (Chinese is fine). */
  sheet: string;
  columns: ExportColumn<R>[];
  /** Rows in order, a batch at a time; the first batch is read before anything is sent. */
  batches: AsyncIterable<R[]>;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export function parseExportFormat(text: string): ExportFormat {
  if (text === 'csv' || text === 'xlsx') return text;
  throw new InputError('format', `导出格式只支持 .csv 或 .xlsx，收到 .${text.slice(0, 20)}`);
}

/** A text cell that Excel will never read as a formula (OWASP CSV injection): a leading ' before = + - @ tab CR. */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvText(value: string): string {
  const safe = guardFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Fen as yuan, exactly (never through a float): "-10.01". */
export function fenToYuan(fen: string | number | bigint): string {
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** An instant as Beijing time, "2026-12-03 08:15:00": what a person in the county reads. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * An export's date range from `from` and `to` (YYYY-MM-DD, Beijing calendar days, both
 * included; either may be left out): the instants [from, to).
 */
export function parseDayRange(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const day = (field: string, text: string): number => {
    const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
    if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text) {
      throw new InputError(field, `日期应写作 YYYY-MM-DD（北京时间的日历日），收到 ${text.slice(0, 20)}`);
    }
    return at - SHANGHAI_OFFSET_MS;
  };
  const start = from === undefined || from === '' ? undefined : day('from', from);
  const end = to === undefined || to === '' ? undefined : day('to', to) + DAY_MS;
  if (start !== undefined && end !== undefined && start >= end) {
    throw new InputError('to', `结束日期 ${to} 早于开始日期 ${from}`);
  }
  return {
    ...(start !== undefined ? { from: new Date(start) } : {}),
    ...(end !== undefined ? { to: new Date(end) } : {}),
  };
}

function csvCell(kind: CellKind, value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'text':
      return csvText(String(value));
    case 'int':
    case 'fen':
      return String(value);
    case 'yuan':
      return fenToYuan(value as string | number);
    case 'hours':
      return Number(value).toFixed(1);
    case 'datetime':
      return beijingTime(value as Date);
  }
}

function xlsxCell(kind: CellKind, value: string | number | Date | null | undefined): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'text':
      return guardFormula(String(value));
    case 'int':
    case 'fen':
      return Number(value);
    case 'yuan':
      // Excel keeps numbers as doubles; the fen column beside it is the exact figure.
      return Number(fenToYuan(value as string | number));
    case 'hours':
      return Math.round(Number(value) * 10) / 10;
    case 'datetime':
      return beijingTime(value as Date);
  }
}

const XLSX_FORMAT: Partial<Record<CellKind, string>> = { yuan: '#,##0.00', fen: '0', int: '0', hours: '0.0' };

async function* csvLines<R>(table: TableExport<R>, first: IteratorResult<R[]>, rest: AsyncIterator<R[]>) {
  yield `\uFEFF${table.columns.map((c) => csvText(c.header)).join(',')}\r\n`;
  for (let batch = first; !batch.done; batch = await rest.next()) {
    if (batch.value.length === 0) continue;
    yield batch.value
      .map((row) => table.columns.map((c) => csvCell(c.kind, c.value(row))).join(','))
      .join('\r\n')
      .concat('\r\n');
  }
}

function xlsxStream<R>(
  excel: typeof ExcelJS,
  table: TableExport<R>,
  first: IteratorResult<R[]>,
  rest: AsyncIterator<R[]>,
): Readable {
  const out = new PassThrough();
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c, i) => ({
    header: c.header,
    key: String(i),
    width: c.width ?? (c.kind === 'datetime' ? 20 : c.kind === 'text' ? 18 : 12),
    ...(XLSX_FORMAT[c.kind] ? { style: { numFmt: XLSX_FORMAT[c.kind] } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  void (async () => {
    for (let batch = first; !batch.done; batch = await rest.next()) {
      for (const row of batch.value) sheet.addRow(table.columns.map((c) => xlsxCell(c.kind, c.value(row)))).commit();
      // Let the zip stream drain before the next batch is read.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    }
    sheet.commit();
    await workbook.commit();
  })().catch((err: unknown) => {
    // A half-written workbook must not look whole: the download fails instead.
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

/**
 * Sends the table. The first batch is read before the answer starts, so bad input or a failed
 * query is a proper error; a failure later aborts the download rather than ending it early.
 */
export async function sendTable<R>(reply: FastifyReply, format: ExportFormat, table: TableExport<R>): Promise<void> {
  const rows = table.batches[Symbol.asyncIterator]();
  const first = await rows.next();
  const body =
    format === 'csv'
      ? Readable.from(csvLines(table, first, rows))
      : xlsxStream(await loadExcelJS(), table, first, rows);
  await reply
    .header(
      'content-type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    .header('content-disposition', `attachment; filename="${table.filename}.${format}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
