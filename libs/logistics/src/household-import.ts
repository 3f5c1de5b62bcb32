import { controlCharacterIn, InputError, loadExcelJS } from '@shanchou/core';
import type ExcelJS from 'exceljs';
import { isIdentityNumber } from './identity-number';

/** The largest .xlsx accepted (decoded): a village's households fit many times over, and the request stays under the API's body limit. */
export const HOUSEHOLD_IMPORT_MAX_BYTES = 512 * 1024;
export const HOUSEHOLD_IMPORT_MAX_ROWS = 2000;
const MAX_MEMBERS = 20;

/** The template's columns, in order: what a village clerk fills in. */
export const HOUSEHOLD_IMPORT_COLUMNS = [
  { header: '户主姓名', note: '必填，最多 32 字', width: 14 },
  { header: '村/社区', note: '必填：村或社区的区划代码（12 位）或名称', width: 22 },
  { header: '人口', note: '必填：全户人数（含户主），1 到 20 的整数', width: 8 },
  { header: '身份证号', note: '选填：户主 18 位居民身份证号', width: 22 },
  { header: '需求', note: '选填：最多 500 字', width: 30 },
] as const;

/** One household as read from a row of the sheet. */
export interface HouseholdImportRow {
  /** The row's number in the sheet, as Excel shows it. */
  row: number;
  headName: string;
  village: string;
  memberCount: number;
  identityNumber: string | null;
  needs: string | null;
}

function refuse(row: number, column: string, problem: string): never {
  throw new InputError('file', `第 ${row} 行「${column}」${problem}`);
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // Rich text, formulas, hyperlinks: what the cell shows.
  return cell.text.trim();
}

/**
 * Reads the first sheet of a households workbook (the template's columns, headings in row 1):
 * every row or an InputError naming the first bad row and column in Chinese. Nothing is saved here.
 */
export async function readHouseholdSheet(file: Buffer): Promise<HouseholdImportRow[]> {
  if (file.length === 0) throw new InputError('file', '文件是空的');
  if (file.length > HOUSEHOLD_IMPORT_MAX_BYTES) {
    throw new InputError('file', `文件超过 ${HOUSEHOLD_IMPORT_MAX_BYTES / 1024} KB：请分村导入`);
  }
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new InputError('file', '不是 Excel（.xlsx）文件：请用导入模板填写后上传');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new InputError('file', '工作簿里没有工作表');
  const headers = HOUSEHOLD_IMPORT_COLUMNS.map((c) => c.header);
  const got = headers.map((_, i) => cellText(sheet.getRow(1).getCell(i + 1)));
  headers.forEach((h, i) => {
    if (got[i] !== h) refuse(1, h, `应为第 ${i + 1} 列的表头，收到「${got[i].slice(0, 20)}」：请用导入模板`);
  });
  const rows: HouseholdImportRow[] = [];
  const seenIds = new Map<string, number>();
  for (let n = 2; n <= sheet.rowCount; n++) {
    const cells = headers.map((_, i) => cellText(sheet.getRow(n).getCell(i + 1)));
    if (cells.every((c) => c === '')) continue;
    if (rows.length >= HOUSEHOLD_IMPORT_MAX_ROWS) {
      throw new InputError('file', `第 ${n} 行起超出：一次最多导入 ${HOUSEHOLD_IMPORT_MAX_ROWS} 户，请分批导入`);
    }
    // Invisible in Excel, and PostgreSQL refuses NUL outright: named like any other bad cell.
    cells.forEach((c, i) => {
      const control = controlCharacterIn(c);
      if (control) refuse(n, headers[i], `含有不可见的控制字符（${control}）：请删除后重试`);
    });
    const [headName, village, count, id, needs] = cells;
    if (!headName) refuse(n, '户主姓名', '不能为空');
    if ([...headName].length > 32) refuse(n, '户主姓名', '超过 32 字');
    if (!village) refuse(n, '村/社区', '不能为空');
    if (!/^\d+$/.test(count)) refuse(n, '人口', count ? `不是整数：${count.slice(0, 20)}` : '不能为空');
    const memberCount = Number(count);
    if (memberCount < 1 || memberCount > MAX_MEMBERS) refuse(n, '人口', `应在 1 到 ${MAX_MEMBERS} 之间（含户主）`);
    const identityNumber = id ? id.toUpperCase() : null;
    if (identityNumber && !isIdentityNumber(identityNumber)) refuse(n, '身份证号', '不是有效的 18 位居民身份证号');
    if (identityNumber) {
      const first = seenIds.get(identityNumber);
      if (first !== undefined) refuse(n, '身份证号', `与第 ${first} 行重复`);
      seenIds.set(identityNumber, n);
    }
    if ([...needs].length > 500) refuse(n, '需求', '超过 500 字');
    rows.push({ row: n, headName, village, memberCount, identityNumber, needs: needs || null });
  }
  if (rows.length === 0) throw new InputError('file', '表中没有住户：从第 2 行起每行填一户');
  return rows;
}

/** The empty template, headings and a note under each: GET /imports/households-template.xlsx. */
export async function householdTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('住户', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HOUSEHOLD_IMPORT_COLUMNS.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  HOUSEHOLD_IMPORT_COLUMNS.forEach((c, i) => {
    sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  // Identity numbers as text, so Excel keeps all 18 digits.
  sheet.getColumn(4).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
