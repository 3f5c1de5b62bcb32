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

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and line breaks. */
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
  if (quoted) throw new InputError(field, `line ${recordLine}: a quoted value is never closed`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/**
 * A roster file (花名册): a header row naming the columns 姓名 (required), 编号/工号 and 手机号
 * (optional), then one member per line. Any problem is refused with the line that has it.
 */
export function parseRoster(text: string, field = 'csv'): RosterLine[] {
  const records = parseCsv(text, field);
  if (records.length === 0) throw new InputError(field, 'is empty: it needs a header row and at least one member');
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const find = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const nameAt = find(COLUMNS.name);
  if (nameAt < 0) throw new InputError(field, 'line 1: the header has no 姓名 (name) column');
  const memberNoAt = find(COLUMNS.memberNo);
  const phoneAt = find(COLUMNS.phone);
  const members = records.slice(1);
  if (members.length === 0) throw new InputError(field, 'has a header but no members');
  if (members.length > MAX_ROSTER_MEMBERS)
    throw new InputError(field, `has ${members.length} members; one roster holds at most ${MAX_ROSTER_MEMBERS}`);

  const byMemberNo = new Map<string, number>();
  const byNamePhone = new Map<string, number>();
  return members.map(({ line, cells }) => {
    if (cells.length > header.length)
      throw new InputError(field, `line ${line}: ${cells.length} values for ${header.length} columns`);
    const name = (cells[nameAt] ?? '').trim();
    if (!name) throw new InputError(field, `line ${line}: 姓名 is empty`);
    if (name.length > 50) throw new InputError(field, `line ${line}: 姓名 is longer than 50 characters`);
    const memberNo = memberNoAt >= 0 ? (cells[memberNoAt] ?? '').trim() || null : null;
    if (memberNo && memberNo.length > 50)
      throw new InputError(field, `line ${line}: 编号 is longer than 50 characters`);
    const phone = phoneAt >= 0 ? (cells[phoneAt] ?? '').replace(/[\s-]/g, '') : '';
    if (phone && !/^1\d{10}$/.test(phone))
      throw new InputError(field, `line ${line}: 手机号 must be an 11-digit mobile number`);
    if (memberNo) {
      const first = byMemberNo.get(memberNo);
      if (first) throw new InputError(field, `line ${line}: 编号 ${memberNo} is already on line ${first}`);
      byMemberNo.set(memberNo, line);
    }
    if (phone) {
      const key = `${name}\u0000${phone}`;
      const first = byNamePhone.get(key);
      if (first) throw new InputError(field, `line ${line}: the same person as line ${first}`);
      byNamePhone.set(key, line);
    }
    return { line, name, memberNo };
  });
}
