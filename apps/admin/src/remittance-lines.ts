import { parseYuan } from './format';

/**
 * 汇款明细 as the new-remittance form holds it: one row per member as the unit reported them
 * (姓名, whether they chose 匿名, the amount typed in 元), or one row with no name for a gift in
 * the unit's own name. Pure, so the paste, the total and the difference are tested on their own.
 */
export interface LineRow {
  name: string;
  anonymous: boolean;
  /** 元 as typed: "50" or "1,000.50". */
  amount: string;
}

export function emptyRow(amount = ''): LineRow {
  return { name: '', anonymous: false, amount };
}

/** An amount in fen as the server writes it in a message: 100 → "1", 150 → "1.50" (libs/core's yuan). */
export function messageYuan(fen: number): string {
  const cents = fen % 100;
  return cents === 0 ? String(fen / 100) : `${Math.floor(fen / 100)}.${String(cents).padStart(2, '0')}`;
}

/** A row's amount in fen; null when it is not a positive amount in 元 (at most two decimals). */
export function rowFen(row: LineRow): number | null {
  const fen = parseYuan(row.amount);
  return fen !== null && fen > 0 ? fen : null;
}

/** What is wrong with a row before it is sent (第 n 行 counts from 1), or null. */
export function rowProblem(row: LineRow, index: number, fixedAmountFen: number | null): string | null {
  const fen = rowFen(row);
  if (fen === null) return `第 ${index + 1} 行的金额须为大于 0 的金额（元，最多两位小数）`;
  if (row.name.trim().length > 64) return `第 ${index + 1} 行的姓名最长 64 个字符`;
  const member = row.name.trim() !== '' || row.anonymous;
  if (member && fixedAmountFen !== null && fen !== fixedAmountFen)
    return `每人固定 ${messageYuan(fixedAmountFen)} 元，第 ${index + 1} 行是 ${messageYuan(fen)} 元`;
  return null;
}

/** The rows' total in fen, the rows whose amount does not parse counted as nothing. */
export function totalFen(rows: readonly LineRow[]): number {
  return rows.reduce((sum, row) => sum + (rowFen(row) ?? 0), 0);
}

/**
 * The server's own words (libs/donations splitLines) when the lines do not add up to the
 * remittance; null when they do.
 */
export function differenceMessage(sumFen: number, amountFen: number): string | null {
  if (sumFen === amountFen) return null;
  const diff = Math.abs(sumFen - amountFen);
  return `明细合计 ${messageYuan(sumFen)} 元，比汇款金额 ${messageYuan(amountFen)} 元${sumFen > amountFen ? '多' : '少'} ${messageYuan(diff)} 元：各行须正好加起来等于汇款金额`;
}

/** The lines as recordRemittance takes them: fen, the name trimmed (none for the unit's own gift). */
export function toLineInputs(rows: readonly LineRow[]): { name?: string; anonymous: boolean; amountFen: number }[] {
  return rows.map((row) => {
    const name = row.name.trim();
    return { ...(name ? { name } : {}), anonymous: row.anonymous, amountFen: rowFen(row) ?? 0 };
  });
}

const YES = new Set(['是', '匿名', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['', '否', '不', '实名', 'n', 'no', 'false', '0']);
const HEADER = /^(姓名|名字|捐款人)$/;

/** One line's cells: tab-separated (copied from Excel) or comma-separated with "quoted" cells (a CSV file). */
function cells(line: string): string[] {
  if (line.includes('\t')) return line.split('\t').map((c) => c.trim());
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '，') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

export interface PastedLines {
  rows: LineRow[];
  /** One a line that did not parse: 第 3 行：…; none when every line did. */
  problems: string[];
}

/**
 * 姓名,金额[,匿名] a line, pasted or read from a UTF-8 CSV: a header line (姓名,金额,…) is skipped,
 * blank lines too; lines are numbered as the text has them (the header is 第 1 行, as a roster's).
 * An empty 姓名 with 匿名 否 is the unit's own gift.
 */
export function parseLines(text: string): PastedLines {
  const rows: LineRow[] = [];
  const problems: string[] = [];
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    const [name = '', amount = '', anonymous = '', ...rest] = cells(raw);
    if (rows.length === 0 && problems.length === 0 && HEADER.test(name)) return;
    if (rest.some((c) => c !== '')) {
      problems.push(`第 ${n} 行：多出了列，每行只写 姓名,金额[,匿名]`);
      return;
    }
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0) {
      problems.push(`第 ${n} 行：金额「${amount}」不是大于 0 的金额（元，最多两位小数）`);
      return;
    }
    const flag = anonymous.toLowerCase();
    if (!YES.has(flag) && !NO.has(flag)) {
      problems.push(`第 ${n} 行：匿名一列须写 是 或 否，不是「${anonymous}」`);
      return;
    }
    if (name.length > 64) {
      problems.push(`第 ${n} 行：姓名最长 64 个字符`);
      return;
    }
    rows.push({ name, anonymous: YES.has(flag), amount: amount.replace(/[,，\s]/g, '') });
  });
  if (rows.length === 0 && problems.length === 0) problems.push('没有读到任何明细：每行写 姓名,金额[,匿名]');
  return { rows, problems };
}
