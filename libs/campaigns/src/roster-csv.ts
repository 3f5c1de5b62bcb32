import { InputError } from '@shanchou/core';

export interface RosterLine {
  /** 1-based line number in the file, for messages. */
  line: number;
  name: string;
  memberNo: string | null;
}

export const MAX_ROSTER_MEMBERS = 20_000;

const COLUMNS = {
  name: ['姓名', 'name'],
  memberNo: ['编号', '工号', '党员编号', 'memberno', 'member_no'],
  phone: ['手机号', '手机', '电话', 'phone'],
} as const;

/**
 * A problem of one line, as the clerk who filled the file reads it: 第 3 行「姓名」为空 (the column
 * by its header), or 第 3 行：… when the problem is the line's.
 */
function refuse(field: string, line: number, column: string | null, problem: string): never {
  throw new InputError(field, `第 ${line} 行${column === null ? '：' : `「${column}」`}${problem}`);
}

/** How the file names a column: its header as written, or its place (第 4 列) when the header is blank. */
function columnName(header: readonly string[] | undefined, index: number): string {
  return header?.[index]?.trim() || `第 ${index + 1} 列`;
}

/**
 * RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. A quote never
 * closed is refused naming its line and its column (by the header, the first record).
 */
export function parseCsv(text: string, field = 'csv'): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== '') records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += c;
    }
  }
  if (quoted) {
    // The record being read is not yet among them: the first one there is the header.
    const header = records[0]?.cells;
    refuse(
      field,
      recordLine,
      columnName(header, cells.length),
      '的引号没有闭合：以英文双引号 " 开头的值要以 " 结束（值里的 " 要写两次）',
    );
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** The most characters of a name or member number. */
const MAX_TEXT = 50;

/**
 * A roster file (花名册): a header row naming the columns 姓名 (required), 编号/工号 and 手机号
 * (optional), then one member per line. Any problem is refused in Chinese with the line that has
 * it and the column by its header (第 3 行「姓名」为空), as the clerk sees them in Excel.
 */
export function parseRoster(text: string, field = 'csv'): RosterLine[] {
  const records = parseCsv(text, field);
  if (records.length === 0) {
    refuse(field, 1, null, '文件是空的：第 1 行应为表头（含「姓名」列），从第 2 行起每行一名成员');
  }
  const written = records[0].cells.map((h) => h.trim());
  const header = written.map((h) => h.toLowerCase());
  const headerLine = records[0].line;
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const nameAt = find(COLUMNS.name);
  if (nameAt < 0) {
    const got = written.filter(Boolean).join('、').slice(0, 60) || '空白';
    refuse(field, headerLine, null, `表头没有「姓名」列（收到：${got}）；表头应含 姓名，可选 编号（或 工号）、手机号`);
  }
  const memberNoAt = find(COLUMNS.memberNo);
  const phoneAt = find(COLUMNS.phone);
  const members = records.slice(1);
  if (members.length === 0) refuse(field, headerLine + 1, null, '没有成员：文件只有表头，从表头下一行起每行填一名成员');
  if (members.length > MAX_ROSTER_MEMBERS) {
    refuse(
      field,
      members[MAX_ROSTER_MEMBERS].line,
      null,
      `超出上限：一份花名册最多 ${MAX_ROSTER_MEMBERS} 人，文件有 ${members.length} 人，请分开导入`,
    );
  }
  const nameColumn = written[nameAt];
  const memberNoColumn = memberNoAt >= 0 ? written[memberNoAt] : '';
  const phoneColumn = phoneAt >= 0 ? written[phoneAt] : '';

  const byMemberNo = new Map<string, number>();
  const byNamePhone = new Map<string, number>();
  return members.map(({ line, cells }) => {
    if (cells.length > header.length) {
      refuse(
        field,
        line,
        null,
        `有 ${cells.length} 个值，比表头的 ${header.length} 列多：值里有逗号时，请用英文双引号把整个值括起来`,
      );
    }
    const name = (cells[nameAt] ?? '').trim();
    if (!name) refuse(field, line, nameColumn, '为空：每名成员都要填姓名');
    if ([...name].length > MAX_TEXT) refuse(field, line, nameColumn, `超过 ${MAX_TEXT} 个字`);
    const memberNo = memberNoAt >= 0 ? (cells[memberNoAt] ?? '').trim() || null : null;
    if (memberNo && [...memberNo].length > MAX_TEXT) refuse(field, line, memberNoColumn, `超过 ${MAX_TEXT} 个字`);
    const phone = phoneAt >= 0 ? (cells[phoneAt] ?? '').replace(/[\s-]/g, '') : '';
    if (phone && !/^1\d{10}$/.test(phone)) {
      refuse(field, line, phoneColumn, `不是 11 位手机号码：${phone.slice(0, 20)}`);
    }
    if (memberNo) {
      const first = byMemberNo.get(memberNo);
      if (first) refuse(field, line, memberNoColumn, `${memberNo} 与第 ${first} 行重复`);
      byMemberNo.set(memberNo, line);
    }
    if (phone) {
      const key = `${name}\u0000${phone}`;
      const first = byNamePhone.get(key);
      if (first) {
        refuse(field, line, null, `与第 ${first} 行是同一人（「${nameColumn}」和「${phoneColumn}」都相同）`);
      }
      byNamePhone.set(key, line);
    }
    return { line, name, memberNo };
  });
}
