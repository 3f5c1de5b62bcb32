/**
 * Reads the receiving account's statement as the bank exports it (.csv in UTF-8 or GBK, or .xlsx)
 * and matches its incoming transfers (贷方, money in) to the remittances staff recorded. Pure: no
 * database, no clock; amounts are read into fen from their decimal text, never through floats.
 */
import { controlCharacterIn, DomainError, ErrorCode, loadExcelJS } from '@shanchou/core';
import type ExcelJS from 'exceljs';

/** Which column of a bank's export holds what; saved once per bank and reused. Header texts, exactly as in the file. */
export interface BankColumnMapping {
  /** 交易日期 */
  date: string;
  /** 贷方发生额 / 收入金额 (money in); either credit, or amount (+ optional direction). */
  credit?: string;
  /** 交易金额, when one signed or unsigned column holds both directions. */
  amount?: string;
  /** 借贷标志, when amount is unsigned: its values that mean money in are creditValues. */
  direction?: string;
  /** Which direction values mean money in (default ['贷', '收', 'C', '贷方']); case and full-width letters ignored. */
  creditValues?: string[];
  /** 摘要 / 附言 / 用途: free text where the payer wrote the reference. */
  reference?: string;
  /** 对方户名 */
  counterparty?: string;
  /** 对方账号 */
  counterpartyAccount?: string;
  /** 交易流水号 */
  serial?: string;
}

/** One incoming transfer. */
export interface StatementLine {
  /** 1-based row in the file, as Excel shows it (a CSV record with a line break inside a quoted value is one row). */
  row: number;
  /** YYYY-MM-DD */
  date: string;
  amountFen: number;
  /** '' when the bank wrote none, or no reference column is mapped. */
  reference: string;
  counterparty: string | null;
  counterpartyAccount: string | null;
  serial: string | null;
}

export interface ParsedStatement {
  /** Credits only, in the file's order. */
  lines: StatementLine[];
  skippedDebits: number;
  /** The earliest and latest date of any transaction row, debits included: the days the statement covers. */
  from: string | null;
  to: string | null;
}

/** The file cannot be read as the mapping says: nothing of it is used. The message (Chinese) names the row and column. */
export class StatementFormatError extends DomainError {
  constructor(
    message: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, 'file');
  }
}

export interface RecordedRemittance {
  id: string;
  /** The bank reference / 凭证号 staff typed. */
  reference: string;
  amountFen: number;
  /** YYYY-MM-DD */
  receivedOn: string;
  organizationName: string;
}

export interface Reconciliation {
  matched: { remittance: RecordedRemittance; line: StatementLine }[];
  /** differenceFen is line − remittance. */
  amountDiffers: { remittance: RecordedRemittance; line: StatementLine; differenceFen: number }[];
  /** On the statement, no recorded remittance. */
  missingInRecords: StatementLine[];
  /** Recorded (received within the statement's dates), not on the statement. */
  missingOnStatement: RecordedRemittance[];
}

const DEFAULT_CREDIT_VALUES = ['贷', '收', 'C', '贷方'];

/** A cell as read: a CSV gives text, a workbook numbers and dates as well. */
type Cell = string | number | Date;

interface Row {
  number: number;
  cells: Cell[];
}

export async function parseBankStatement(
  bytes: Buffer,
  fileName: string,
  mapping: BankColumnMapping,
): Promise<ParsedStatement> {
  const columns = checkedMapping(mapping);
  const headers = mappedHeaders(columns);
  const type = fileTypeOf(fileName);
  if (bytes.length === 0) throw new StatementFormatError('文件是空的');
  const rows = type === 'xlsx' ? await readWorkbook(bytes) : readDelimited(decode(bytes), headers);
  return readStatement(rows, columns, headers);
}

const HEADER_FIELDS = [
  'date',
  'credit',
  'amount',
  'direction',
  'reference',
  'counterparty',
  'counterpartyAccount',
  'serial',
] as const;

/** The mapping with its header texts trimmed and blank ones dropped (a form saves ''), checked to name one way to the money in. */
function checkedMapping(mapping: BankColumnMapping): BankColumnMapping {
  const columns: BankColumnMapping = { ...mapping };
  for (const field of HEADER_FIELDS) {
    const text = mapping[field]?.trim();
    if (text) columns[field] = text;
    else delete columns[field];
  }
  if (!columns.date) throw new StatementFormatError('列的对应设置缺少日期列');
  if (Boolean(columns.credit) === Boolean(columns.amount)) {
    throw new StatementFormatError('列的对应设置应指定贷方（收入）金额列或交易金额列，二者选一');
  }
  if (columns.direction !== undefined && columns.amount === undefined) {
    throw new StatementFormatError('借贷标志列只能与交易金额列一起使用');
  }
  return columns;
}

function mappedHeaders(columns: BankColumnMapping): string[] {
  return [...new Set(HEADER_FIELDS.map((field) => columns[field]).filter((t): t is string => t !== undefined))];
}

function fileTypeOf(fileName: string): 'csv' | 'xlsx' {
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  if (extension === 'csv' || extension === 'xlsx') return extension;
  const named = extension ? `.${extension} 文件` : '没有扩展名的文件';
  throw new StatementFormatError(`不支持${named}：请从网银导出 .csv 或 .xlsx 格式的对账单`);
}

/** UTF-8 when the bytes are valid UTF-8 (a BOM dropped), otherwise GB18030, which GBK files are a subset of. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/**
 * Comma or tab separated values, quoted as RFC 4180 (embedded separators, line breaks, doubled
 * quotes); ="…", which some banks write so Excel keeps an account number's digits, is read as text.
 */
function readDelimited(text: string, headers: string[]): Row[] {
  const separator = separatorOf(text, headers);
  const rows: Row[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    cells.push(field);
    rows.push({ number: rows.length + 1, cells });
    cells = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (ch === '"' && (field.trim() === '' || field.trim() === '=')) {
      quoted = true;
      field = '';
    } else if (ch === separator) {
      cells.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (quoted) {
    throw new StatementFormatError(
      `第 ${rows.length + 1} 行的引号没有闭合：文件可能不完整，请重新导出`,
      rows.length + 1,
    );
  }
  if (field !== '' || cells.length > 0) endRow();
  return rows;
}

/** Tab when the line naming most of the mapped headers holds a tab (header texts never do), else comma. */
function separatorOf(text: string, headers: string[]): ',' | '\t' {
  let best = '';
  let bestCount = 0;
  for (const line of text.split(/\r\n|\r|\n/, 200)) {
    const count = headers.filter((h) => line.includes(h)).length;
    if (count > bestCount) [best, bestCount] = [line, count];
  }
  return best.includes('\t') ? '\t' : ',';
}

async function readWorkbook(bytes: Buffer): Promise<Row[]> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new StatementFormatError('不是有效的 Excel（.xlsx）文件：请重新从网银导出');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new StatementFormatError('工作簿里没有工作表');
  const rows: Row[] = [];
  sheet.eachRow((row, number) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellOf(row.getCell(c).value));
    rows.push({ number, cells });
  });
  return rows;
}

/** What a workbook cell holds: a formula's result, a rich text's or hyperlink's text. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  return value.result === undefined ? '' : cellOf(value.result);
}

function textOf(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
}

interface Header {
  /** Index in rows of the header row. */
  at: number;
  column: Map<string, number>;
}

/** The first row holding every mapped header text (trimmed; full-width spaces are trimmed too). */
function findHeader(rows: Row[], headers: string[]): Header {
  let missing = headers;
  for (let at = 0; at < rows.length; at++) {
    const column = new Map<string, number>();
    rows[at].cells.forEach((cell, i) => {
      const text = textOf(cell);
      if (!column.has(text)) column.set(text, i);
    });
    const absent = headers.filter((h) => !column.has(h));
    if (absent.length === 0) return { at, column };
    if (absent.length < missing.length) missing = absent;
  }
  throw new StatementFormatError(`找不到表头：${missing.join('、')}（请检查列的对应设置）`);
}

/** 合计/总计 ends the statement (what follows is 制表人, 打印时间 …); 小计 and 本页… are a page's subtotal, more pages follow. */
const SUMMARY = /^(本页|本期)?(合计|小计|总计)/;

function readStatement(rows: Row[], mapping: BankColumnMapping, headers: string[]): ParsedStatement {
  const header = findHeader(rows, headers);
  const creditValues = (mapping.creditValues ?? DEFAULT_CREDIT_VALUES).map(folded);
  const lines: StatementLine[] = [];
  let skippedDebits = 0;
  let from: string | null = null;
  let to: string | null = null;
  for (const { number: row, cells } of rows.slice(header.at + 1)) {
    const cellAt = (name: string): Cell => cells[header.column.get(name) as number] ?? '';
    const textAt = (name: string | undefined): string | null => {
      if (name === undefined) return null;
      const text = textOf(cellAt(name));
      const control = controlCharacterIn(text);
      if (control) refuse(row, name, `含有不可见的控制字符（${control}）`);
      return text || null;
    };
    const first = cells.map(textOf).find((t) => t !== '');
    if (first === undefined) continue;
    const summary = SUMMARY.exec(first);
    if (summary) {
      if (summary[1] === '本页' || summary[2] === '小计') continue;
      break;
    }
    // A multi-page export repeats the header on each page.
    if (textOf(cellAt(mapping.date)) === mapping.date) continue;

    const date = dateOf(cellAt(mapping.date), row, mapping.date);
    if (from === null || date < from) from = date;
    if (to === null || date > to) to = date;
    const amountFen = creditFen(cellAt, textAt, row, mapping, creditValues);
    if (amountFen === null) {
      skippedDebits++;
      continue;
    }
    lines.push({
      row,
      date,
      amountFen,
      reference: textAt(mapping.reference) ?? '',
      counterparty: textAt(mapping.counterparty),
      counterpartyAccount: textAt(mapping.counterpartyAccount),
      serial: textAt(mapping.serial),
    });
  }
  return { lines, skippedDebits, from, to };
}

/** The row's money in, in fen; null for a debit (money out, or nothing in). */
function creditFen(
  cellAt: (name: string) => Cell,
  textAt: (name: string | undefined) => string | null,
  row: number,
  mapping: BankColumnMapping,
  creditValues: string[],
): number | null {
  if (mapping.credit !== undefined) {
    const cell = cellAt(mapping.credit);
    if (textOf(cell) === '') return null;
    const fen = fenOf(cell, row, mapping.credit);
    // A reversal (冲正) of an earlier credit: not money in, and staff must see it rather than lose it.
    if (fen < 0) refuse(row, mapping.credit, `是负数：${textOf(cell)}（冲正或退汇请先与银行核对）`);
    return fen === 0 ? null : fen;
  }
  const amount = mapping.amount as string;
  const cell = cellAt(amount);
  if (textOf(cell) === '') refuse(row, amount, '为空');
  const fen = fenOf(cell, row, amount);
  if (mapping.direction === undefined) return fen > 0 ? fen : null;
  const direction = textAt(mapping.direction);
  if (direction === null) refuse(row, mapping.direction, '为空');
  if (!creditValues.includes(folded(direction))) return null;
  if (fen < 0) refuse(row, amount, `是负数：${textOf(cell)}，而「${mapping.direction}」为「${direction}」`);
  return fen === 0 ? null : fen;
}

/** '1,234.56', '¥1,234.56', '+1234.5', full-width digits, or a workbook number → fen, from the decimal text. */
function fenOf(cell: Cell, row: number, column: string): number {
  let text: string;
  if (typeof cell === 'number') {
    text = cell.toFixed(2);
    // 1234.567 has a third decimal; 1234.5600000000002 is a float's noise around 1234.56.
    if (!Number.isFinite(cell) || Math.abs(Number(text) - cell) > Math.abs(cell) * 1e-12 + 1e-9) {
      refuse(row, column, `超过两位小数：${cell}`);
    }
  } else text = textOf(cell);
  const m = /^([+-]?)[¥]?([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?元?$/.exec(
    text.normalize('NFKC').replace(/\s/g, ''),
  );
  if (!m || (m[1] && m[2])) refuse(row, column, `不是金额：${shown(text)}`);
  const [, sign, innerSign, whole, decimals = ''] = m;
  if (decimals.length > 2) refuse(row, column, `超过两位小数：${shown(text)}`);
  const fen = Number(whole.replace(/,/g, '')) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) refuse(row, column, `金额过大：${shown(text)}`);
  return (sign || innerSign) === '-' && fen !== 0 ? -fen : fen;
}

/** '2026-12-01', '2026/12/1', '20261201', '2026年12月1日', each with an optional time; a workbook date or 20261201 as a number. */
function dateOf(cell: Cell, row: number, column: string): string {
  if (cell instanceof Date) {
    // exceljs reads a date cell's wall-clock value as UTC: the calendar date as written, whatever the server's zone.
    if (!Number.isNaN(cell.getTime())) return cell.toISOString().slice(0, 10);
  } else if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 10000101 && cell <= 99991231) return dateOf(String(cell), row, column);
    // A date cell without a date format: Excel's serial day (1 = 1900-01-01; from 61 on, after Excel's phantom 1900-02-29).
    if (cell >= 61 && cell < 2958466)
      return new Date(Math.round((Math.floor(cell) - 25569) * 86400000)).toISOString().slice(0, 10);
  } else {
    const text = cell.normalize('NFKC').trim();
    const m =
      /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text) ??
      /^(\d{4})(\d{2})(\d{2})(?:\s*\d{2}:?\d{2}:?\d{2})?$/.exec(text) ??
      /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*\d{1,2}[:时]\d{2}.*)?$/.exec(text);
    if (m) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) {
        return date.toISOString().slice(0, 10);
      }
    }
  }
  const text = textOf(cell);
  return refuse(row, column, text ? `不是日期：${shown(text)}` : '为空');
}

function refuse(row: number, column: string, problem: string): never {
  throw new StatementFormatError(`第 ${row} 行「${column}」${problem}`, row, column);
}

/** A cell's text in a message, cut short. */
function shown(text: string): string {
  return [...text].length > 20 ? `${[...text].slice(0, 20).join('')}…` : text;
}

/** For comparing what people typed: full-width letters and digits as ASCII, case and spaces ignored. */
function folded(text: string): string {
  return text.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}

function byDateThenRow(a: StatementLine, b: StatementLine): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row;
}

function byReceivedThenId(a: RecordedRemittance, b: RecordedRemittance): number {
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** References this short would be found inside unrelated 摘要 text: they match a 流水号 exactly or not at all. */
const MIN_REFERENCE_IN_TEXT = 4;

/**
 * Each remittance to at most one line and back, by reference: the line's 流水号 equal to it, or its
 * 摘要 containing it. Where several pairs compete, an equal amount wins, then the earliest line, then
 * the longer (more specific) reference.
 */
export function reconcileStatement(statement: ParsedStatement, remittances: RecordedRemittance[]): Reconciliation {
  const lines = [...statement.lines].sort(byDateThenRow);
  const sortedRemittances = [...remittances].sort(byReceivedThenId);
  const lineKeys = lines.map((line) => ({ serial: folded(line.serial ?? ''), reference: folded(line.reference) }));
  const pairs: { line: number; remittance: number; reference: number; equal: boolean }[] = [];
  sortedRemittances.forEach((remittance, r) => {
    const reference = folded(remittance.reference);
    const length = [...reference].length;
    if (length === 0) return;
    lineKeys.forEach((key, l) => {
      const found = key.serial === reference || (length >= MIN_REFERENCE_IN_TEXT && key.reference.includes(reference));
      if (found)
        pairs.push({ line: l, remittance: r, reference: length, equal: lines[l].amountFen === remittance.amountFen });
    });
  });
  pairs.sort(
    (a, b) =>
      Number(b.equal) - Number(a.equal) || a.line - b.line || b.reference - a.reference || a.remittance - b.remittance,
  );

  const remittanceOf = new Map<number, number>();
  const used = new Set<number>();
  for (const pair of pairs) {
    if (remittanceOf.has(pair.line) || used.has(pair.remittance)) continue;
    remittanceOf.set(pair.line, pair.remittance);
    used.add(pair.remittance);
  }

  const result: Reconciliation = { matched: [], amountDiffers: [], missingInRecords: [], missingOnStatement: [] };
  lines.forEach((line, l) => {
    const r = remittanceOf.get(l);
    if (r === undefined) {
      result.missingInRecords.push(line);
      return;
    }
    const remittance = sortedRemittances[r];
    const differenceFen = line.amountFen - remittance.amountFen;
    if (differenceFen === 0) result.matched.push({ remittance, line });
    else result.amountDiffers.push({ remittance, line, differenceFen });
  });
  const { from, to } = statement;
  result.missingOnStatement = sortedRemittances.filter(
    (remittance, r) =>
      !used.has(r) && from !== null && to !== null && remittance.receivedOn >= from && remittance.receivedOn <= to,
  );
  return result;
}
