import { parseYuan } from './format';
import { mainlandMobile } from './phone';

/**
 * 汇款明细 as the new-remittance form holds it: one row per member as the unit reported them
 * (姓名, whether they chose 匿名, the amount typed in 元, their 手机号 if the unit gave it), or one
 * row with no name for a gift in the unit's own name. Pure, so the paste, the total and the difference are tested on their own.
 */
export interface LineRow {
  name: string;
  anonymous: boolean;
  /** 元 as typed: "50" or "1,000.50". */
  amount: string;
  /** The member's mobile as typed, or empty: with it they find the gift in 我的捐赠 once they bind that phone. */
  phone: string;
}

export function emptyRow(amount = ''): LineRow {
  return { name: '', anonymous: false, amount, phone: '' };
}

const PHONE_RULE = '须为 11 位中国大陆手机号码（1 开头）';

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
  const phone = row.phone.trim();
  if (phone && mainlandMobile(phone) === null) return `第 ${index + 1} 行的手机号${PHONE_RULE}`;
  if (phone && !member) return `第 ${index + 1} 行是以单位名义的捐赠，不填手机号`;
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

/**
 * The lines as recordRemittance takes them: fen, the name trimmed (none for the unit's own gift),
 * the phone as its 11 digits when one was given.
 */
export function toLineInputs(
  rows: readonly LineRow[],
): { name?: string; anonymous: boolean; amountFen: number; phone?: string }[] {
  return rows.map((row) => {
    const name = row.name.trim();
    const phone = mainlandMobile(row.phone.trim());
    return {
      ...(name ? { name } : {}),
      anonymous: row.anonymous,
      amountFen: rowFen(row) ?? 0,
      ...(phone ? { phone } : {}),
    };
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

/** The format a line is written in, as the messages name it. */
const FORMAT = '姓名,金额[,手机号][,匿名]';
/** A cell that means to be a phone number (digits, +86, dashes), right or wrong. */
const PHONE_LIKE = /^[+\d][\d\s-]*$/;

/**
 * 姓名,金额[,手机号][,匿名] a line, pasted or read from a UTF-8 CSV: the two optional columns in
 * either order, told apart by what they hold (是/否 is 匿名, digits a phone). A header line
 * (姓名,金额,…) is skipped, blank lines too; lines are numbered as the text has them (the header is
 * 第 1 行, as a roster's). An empty 姓名 with 匿名 否 is the unit's own gift.
 */
export function parseLines(text: string): PastedLines {
  const rows: LineRow[] = [];
  const problems: string[] = [];
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    const [name = '', amount = '', ...extra] = cells(raw);
    if (rows.length === 0 && problems.length === 0 && HEADER.test(name)) return;
    const optional = extra.filter((c) => c !== '');
    if (optional.length > 2) {
      problems.push(`第 ${n} 行：多出了列，每行只写 ${FORMAT}`);
      return;
    }
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0) {
      problems.push(`第 ${n} 行：金额「${amount}」不是大于 0 的金额（元，最多两位小数）`);
      return;
    }
    const flags = optional.filter((c) => YES.has(c.toLowerCase()) || NO.has(c.toLowerCase()));
    const phones = optional.filter((c) => !flags.includes(c) && PHONE_LIKE.test(c));
    const unknown = optional.find((c) => !flags.includes(c) && !phones.includes(c));
    if (unknown !== undefined || flags.length > 1) {
      problems.push(`第 ${n} 行：匿名一列须写 是 或 否，不是「${unknown ?? flags[1]}」`);
      return;
    }
    if (phones.length > 1) {
      problems.push(`第 ${n} 行：只能写一个手机号`);
      return;
    }
    const phone = phones[0] ?? '';
    if (phone && mainlandMobile(phone) === null) {
      problems.push(`第 ${n} 行：手机号「${phone}」${PHONE_RULE}`);
      return;
    }
    const anonymous = YES.has((flags[0] ?? '').toLowerCase());
    if (phone && !name && !anonymous) {
      problems.push(`第 ${n} 行：以单位名义的一行（姓名空着）不填手机号`);
      return;
    }
    if (name.length > 64) {
      problems.push(`第 ${n} 行：姓名最长 64 个字符`);
      return;
    }
    rows.push({ name, anonymous, amount: amount.replace(/[,，\s]/g, ''), phone: mainlandMobile(phone) ?? '' });
  });
  if (rows.length === 0 && problems.length === 0) problems.push(`没有读到任何明细：每行写 ${FORMAT}`);
  return { rows, problems };
}
